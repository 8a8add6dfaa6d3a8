package io.ledgerhouse.collect.snowflake;

import io.ledgerhouse.collect.snowflake.engine.SnowflakeConnectionSettings;
import io.ledgerhouse.domain.NotFoundException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;

/** The configured Snowflake accounts, and sessions to them with secrets from the environment or files. */
@ApplicationScoped
public class SnowflakeAccounts {

    @Inject
    SnowflakeConfig config;

    private final SnowflakeConnector connector = new SnowflakeConnector(System::getenv);

    public Map<String, SnowflakeConfig.Account> all() {
        return config.accounts();
    }

    public Optional<SnowflakeConfig.Account> find(String name) {
        return Optional.ofNullable(config.accounts().get(name));
    }

    /** A session opener for the named account. */
    public SnowflakeCollector.Session session(String name) {
        SnowflakeConfig.Account account = find(name)
                .orElseThrow(() -> new NotFoundException("no Snowflake account named '" + name + "' is configured"));
        return () -> connector.open(name, account);
    }

    /** The account's settings with secrets replaced by where they come from. */
    public Optional<Map<String, Object>> redacted(String name) {
        return find(name).map(SnowflakeConnectionSettings::redacted);
    }
}
