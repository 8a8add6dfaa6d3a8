package io.ledgerhouse.collect.snowflake.fakes;

import io.ledgerhouse.collect.snowflake.engine.SnowflakeAccountSettings;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Optional;

/** Snowflake account settings as tests write them; in the application the config mapping supplies them. */
public final class TestAccounts {

    private TestAccounts() {
    }

    public record Settings(String account, Optional<String> url, String user, Optional<String> role,
            Optional<String> warehouse, Optional<Path> privateKeyFile, Optional<String> privateKeyPassphraseEnv,
            Optional<String> passwordEnv, Optional<Path> passwordFile, BigDecimal pricePerCredit, String currency)
            implements SnowflakeAccountSettings {
    }

    /** Account MyOrg-Prod, password authentication with the password in SF_PROD_PASSWORD. */
    public static Settings password(Optional<String> url) {
        return new Settings("MyOrg-Prod", url, "LEDGERHOUSE", Optional.of("USAGE_VIEWER"), Optional.of("COLLECT_WH"),
                Optional.empty(), Optional.empty(), Optional.of("SF_PROD_PASSWORD"), Optional.empty(),
                new BigDecimal("3.00"), "USD");
    }
}
