package io.ledgerhouse.collect.snowflake.engine;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How to reach one Snowflake account and price its credits. Secrets are never values here: only the names of the
 * environment variables that hold them (and the path of a private key file).
 */
public interface SnowflakeAccountSettings {

    /** Account identifier ({@code myorg-myaccount}, or a locator such as {@code xy12345.eu-central-1}). */
    String account();

    /** A full JDBC URL, overriding the one derived from {@link #account()} (private link, tests). */
    Optional<String> url();

    /** The user the collector logs in as (needs USAGE_VIEWER or IMPORTED PRIVILEGES on database SNOWFLAKE). */
    String user();

    /** Role to use; the user's default role when absent. */
    Optional<String> role();

    /** Warehouse the collector's queries run on; the user's default when absent. */
    Optional<String> warehouse();

    /** Key-pair authentication: the PKCS#8 private key file (PEM), encrypted or not. */
    Optional<Path> privateKeyFile();

    /** Name of the environment variable holding the private key's passphrase. */
    Optional<String> privateKeyPassphraseEnv();

    /** Password authentication: name of the environment variable holding the password. */
    Optional<String> passwordEnv();

    /** Password authentication: a file holding the password (a mounted secret); used when no passwordEnv is set. */
    Optional<Path> passwordFile();

    /** Price of one credit when the organization rate sheet cannot be read. */
    BigDecimal pricePerCredit();

    /** Currency of {@link #pricePerCredit()} and of the account's bill. */
    String currency();
}
