package io.ledgerhouse.collect.snowflake.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerhouse.collect.snowflake.engine.SnowflakeConnectionSettings.InvalidSnowflakeSettingsException;
import io.ledgerhouse.collect.snowflake.fakes.TestAccounts;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SnowflakeConnectionSettingsTest {

    @Test
    void theUrlIsDerivedFromTheAccountIdentifier() {
        assertThat(SnowflakeConnectionSettings.jdbcUrl(TestAccounts.password(Optional.empty())))
                .isEqualTo("jdbc:snowflake://myorg-prod.snowflakecomputing.com/");
        assertThat(SnowflakeConnectionSettings.jdbcUrl(TestAccounts.password(Optional.of("jdbc:snowflake://127.0.0.1:1/?ssl=off"))))
                .isEqualTo("jdbc:snowflake://127.0.0.1:1/?ssl=off");
    }

    @Test
    void keyPairAuthenticationReadsThePassphraseFromTheEnvironment() {
        TestAccounts.Settings keyPair = new TestAccounts.Settings("acct", Optional.empty(), "U", Optional.empty(), Optional.empty(),
                Optional.of(Path.of("/secrets/rsa_key.p8")), Optional.of("SF_KEY_PASSPHRASE"), Optional.empty(),
                Optional.empty(), BigDecimal.ONE, "USD");
        Properties p = SnowflakeConnectionSettings.properties("prod", keyPair, Map.of("SF_KEY_PASSPHRASE", "pp")::get,
                f -> null);
        assertThat(p).containsEntry("authenticator", "SNOWFLAKE_JWT")
                .containsEntry("private_key_file", "/secrets/rsa_key.p8")
                .containsEntry("private_key_pwd", "pp")
                .doesNotContainKey("password");
        assertThat(SnowflakeConnectionSettings.redacted(keyPair))
                .containsEntry("privateKeyPassphrase", "from environment variable SF_KEY_PASSPHRASE")
                .doesNotContainValue("pp");
    }

    @Test
    void aMissingSecretNamesTheVariableButNoValue() {
        assertThatThrownBy(() -> SnowflakeConnectionSettings.properties("prod", TestAccounts.password(Optional.empty()),
                Map.<String, String>of()::get, f -> null))
                .isInstanceOf(InvalidSnowflakeSettingsException.class)
                .hasMessageContaining("SF_PROD_PASSWORD").hasMessageContaining("'prod'");
    }

    @Test
    void aPasswordFileIsReadAndTrimmed() {
        TestAccounts.Settings fromFile = new TestAccounts.Settings("acct", Optional.empty(), "U", Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(Path.of("/run/secrets/sf")), BigDecimal.ONE, "USD");
        Properties p = SnowflakeConnectionSettings.properties("x", fromFile, k -> null,
                f -> f.equals(Path.of("/run/secrets/sf")) ? "pw-from-file\n" : null);
        assertThat(p).containsEntry("password", "pw-from-file");
        assertThat(SnowflakeConnectionSettings.redacted(fromFile).toString()).contains("from file /run/secrets/sf")
                .doesNotContain("pw-from-file");
    }

    @Test
    void noAuthenticationIsAConfigurationError() {
        TestAccounts.Settings none = new TestAccounts.Settings("acct", Optional.empty(), "U", Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), BigDecimal.ONE, "USD");
        assertThatThrownBy(() -> SnowflakeConnectionSettings.properties("x", none, k -> null, f -> null))
                .isInstanceOf(InvalidSnowflakeSettingsException.class).hasMessageContaining("private-key-file");
    }
}
