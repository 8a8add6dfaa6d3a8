package io.ledgerhouse.collect.snowflake.engine;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * The JDBC URL and connection properties for one account: results in JSON (no Arrow, so no {@code --add-opens}),
 * session time zone UTC, the SNOWFLAKE.ACCOUNT_USAGE schema, and either key-pair or password authentication with the
 * secret read from the environment at connect time.
 */
public final class SnowflakeConnectionSettings {

    /**
     * Session parameters every collector session runs with. The last three bound the driver's memory for large
     * results: by default it downloads four result chunks ahead into up to 1.5 GB of buffers, far more than a collector
     * that copies rows straight to Postgres needs; one chunk at a time of at most 16 MB keeps a million-row query
     * history read inside a 256 MB heap at about the same speed.
     */
    public static final Map<String, String> SESSION = Map.of(
            "JDBC_QUERY_RESULT_FORMAT", "JSON",
            "TIMEZONE", "UTC",
            "TIMESTAMP_TYPE_MAPPING", "TIMESTAMP_LTZ",
            "QUERY_TAG", "ledgerhouse-collector",
            "CLIENT_PREFETCH_THREADS", "1",
            "CLIENT_MEMORY_LIMIT", "64",
            "CLIENT_RESULT_CHUNK_SIZE", "16");

    private SnowflakeConnectionSettings() {
    }

    /** A configuration that cannot be used; the message names the account and the setting, never a secret. */
    public static final class InvalidSnowflakeSettingsException extends RuntimeException {
        public InvalidSnowflakeSettingsException(String message) {
            super(message);
        }
    }

    public static String jdbcUrl(SnowflakeAccountSettings s) {
        if (s.url().isPresent()) {
            return s.url().get();
        }
        String account = s.account().strip().toLowerCase(Locale.ROOT);
        String host = account.contains(".snowflakecomputing.") ? account : account + ".snowflakecomputing.com";
        return "jdbc:snowflake://" + host + "/";
    }

    /**
     * Connection properties for {@code name}'s settings. {@code environment} gives environment variables by name
     * (System::getenv in production); {@code files} reads a secret file (the caller does the I/O).
     */
    public static Properties properties(String name, SnowflakeAccountSettings s, Function<String, String> environment,
            Function<java.nio.file.Path, String> files) {
        Properties p = new Properties();
        p.put("user", s.user());
        s.role().ifPresent(r -> p.put("role", r));
        s.warehouse().ifPresent(w -> p.put("warehouse", w));
        p.put("db", "SNOWFLAKE");
        p.put("schema", "ACCOUNT_USAGE");
        p.put("application", "Ledgerhouse");
        p.put("loginTimeout", "60");
        // the driver's cloud-platform probe calls instance-metadata addresses; a cost collector has no use for it
        p.put("disablePlatformDetection", "true");
        SESSION.forEach(p::put);
        if (s.privateKeyFile().isPresent()) {
            p.put("authenticator", "SNOWFLAKE_JWT");
            p.put("private_key_file", s.privateKeyFile().get().toString());
            s.privateKeyPassphraseEnv().ifPresent(env -> p.put("private_key_pwd", secret(name, environment, env,
                    "private-key-passphrase-env")));
        } else if (s.passwordEnv().isPresent()) {
            p.put("password", secret(name, environment, s.passwordEnv().get(), "password-env"));
        } else if (s.passwordFile().isPresent()) {
            String password = files.apply(s.passwordFile().get());
            if (password == null || password.isBlank()) {
                throw new InvalidSnowflakeSettingsException("Snowflake account '" + name + "': password-file "
                        + s.passwordFile().get() + " is missing or empty");
            }
            p.put("password", password.strip());
        } else {
            throw new InvalidSnowflakeSettingsException("Snowflake account '" + name + "' has no authentication: set "
                    + "private-key-file (key pair, recommended), password-env or password-file");
        }
        return p;
    }

    /** What may be shown about an account's settings: everything but secrets, which are named by where they live. */
    public static Map<String, Object> redacted(SnowflakeAccountSettings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("account", s.account());
        m.put("url", jdbcUrl(s));
        m.put("user", s.user());
        m.put("role", s.role().orElse(null));
        m.put("warehouse", s.warehouse().orElse(null));
        if (s.privateKeyFile().isPresent()) {
            m.put("authentication", "key pair");
            m.put("privateKeyFile", s.privateKeyFile().get().toString());
            m.put("privateKeyPassphrase", s.privateKeyPassphraseEnv().map(e -> "from environment variable " + e)
                    .orElse("none"));
        } else {
            m.put("authentication", "password");
            m.put("password", s.passwordEnv().map(e -> "from environment variable " + e)
                    .or(() -> s.passwordFile().map(f -> "from file " + f)).orElse(null));
        }
        m.put("pricePerCredit", s.pricePerCredit());
        m.put("currency", s.currency());
        return m;
    }

    private static String secret(String name, Function<String, String> environment, String variable, String key) {
        String value = environment.apply(variable);
        if (value == null || value.isEmpty()) {
            throw new InvalidSnowflakeSettingsException("Snowflake account '" + name + "': environment variable "
                    + variable + " (named by " + key + ") is not set");
        }
        return value;
    }
}
