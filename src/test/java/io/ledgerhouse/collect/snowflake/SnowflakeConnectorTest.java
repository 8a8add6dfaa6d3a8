package io.ledgerhouse.collect.snowflake;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerhouse.collect.snowflake.engine.SnowflakeConnectionSettings;
import io.ledgerhouse.collect.snowflake.fakes.TestAccounts;
import io.ledgerhouse.collect.snowflake.fakes.TestAccounts.Settings;
import io.ledgerhouse.collect.snowflake.fakes.FakeSnowflakeServer;
import io.ledgerhouse.collect.snowflake.fakes.FakeSnowflakeServer.Column;
import io.ledgerhouse.collect.snowflake.fakes.FakeSnowflakeServer.Result;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The connector against the fake Snowflake: what travels at login, and where the password does not go. */
class SnowflakeConnectorTest {

    private static final String PASSWORD = "s3cret-Pa55word!";

    @Test
    void theRealDriverLogsInWithTheSessionSettingsAndThePasswordGoesOnlyToTheLogin() throws Exception {
        Result one = new Result(List.of(Column.fixed("N", 0)), List.of(List.of("1")));
        try (FakeSnowflakeServer fake = new FakeSnowflakeServer(sql -> one)) {
            Settings s = TestAccounts.password(Optional.of(fake.jdbcUrl()));
            Properties extra = new Properties();
            extra.put("disablePlatformDetection", "true");
            SnowflakeConnector connector = new SnowflakeConnector(Map.of("SF_PROD_PASSWORD", PASSWORD)::get);
            try (Connection c = connector.open("prod", s, extra);
                    ResultSet rs = c.createStatement().executeQuery("SELECT 1 AS N")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
            var login = fake.logins().get(0).path("data");
            assertThat(login.path("LOGIN_NAME").asText()).isEqualTo("LEDGERHOUSE");
            assertThat(login.path("PASSWORD").asText()).isEqualTo(PASSWORD);
            assertThat(login.path("SESSION_PARAMETERS").path("TIMEZONE").asText()).isEqualTo("UTC");
            assertThat(login.path("SESSION_PARAMETERS").path("JDBC_QUERY_RESULT_FORMAT").asText()).isEqualTo("JSON");
            assertThat(login.path("SESSION_PARAMETERS").path("CLIENT_PREFETCH_THREADS").asText())
                    .as("one result chunk downloaded at a time").isEqualTo("1");
            assertThat(login.path("SESSION_PARAMETERS").path("CLIENT_MEMORY_LIMIT").asText()).isEqualTo("64");
            assertThat(fake.statements()).noneMatch(sql -> sql.contains(PASSWORD));
            assertThat(SnowflakeConnectionSettings.redacted(s).toString()).doesNotContain(PASSWORD)
                    .contains("from environment variable SF_PROD_PASSWORD");
        }
    }
}
