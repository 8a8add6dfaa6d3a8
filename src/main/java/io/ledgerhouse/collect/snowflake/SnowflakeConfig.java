package io.ledgerhouse.collect.snowflake;

import io.ledgerhouse.collect.snowflake.engine.SnowflakeAccountSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

/**
 * Snowflake accounts to collect from: {@code ledgerhouse.snowflake.accounts.<name>.*}. Secrets are never written
 * here; {@code password-env} and {@code private-key-passphrase-env} name the environment variables that hold them.
 */
@ConfigMapping(prefix = "ledgerhouse.snowflake")
public interface SnowflakeConfig {

    /** The accounts, by the name Ledgerhouse shows for them (also their source name). */
    Map<String, Account> accounts();

    /** How often each account is collected. */
    @WithDefault("1h")
    String every();

    /** How far back the first run of a view reads. */
    @WithDefault("35d")
    Duration initialLookback();

    /** Characters of each query's text to keep (0: none; the text can hold literals users consider private). */
    @WithDefault("0")
    int queryTextLength();

    /** The longest one collector run may take before its transaction is rolled back. */
    @WithDefault("2h")
    Duration runTimeout();

    /** One account. */
    interface Account extends SnowflakeAccountSettings {

        @Override
        @WithDefault("3.00")
        BigDecimal pricePerCredit();

        @Override
        @WithDefault("USD")
        String currency();

        /** Price of a TB-month of storage (2^40 bytes, daily average incl. time travel and fail-safe). */
        @WithDefault("23.00")
        BigDecimal storagePricePerTbMonth();

        /** Whether the collector runs for this account. */
        @WithDefault("true")
        boolean enabled();
    }
}
