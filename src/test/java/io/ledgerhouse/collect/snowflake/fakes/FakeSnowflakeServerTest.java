package io.ledgerhouse.collect.snowflake.fakes;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerhouse.collect.snowflake.fakes.FakeSnowflakeServer.Column;
import io.ledgerhouse.collect.snowflake.fakes.FakeSnowflakeServer.Result;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The real snowflake-jdbc driver logs in to the fake, runs a statement and reads the JSON result format. */
class FakeSnowflakeServerTest {

    @Test
    void theRealDriverReadsRowsFromTheFake() throws Exception {
        Result warehouses = new Result(
                List.of(Column.text("WAREHOUSE_NAME"), Column.fixed("CREDITS_USED", 9), Column.text("NOTE")),
                List.of(Arrays.asList("ETL_WH", "12.500000000", null), Arrays.asList("BI_WH", "0.016666667", "x")));
        try (FakeSnowflakeServer fake = new FakeSnowflakeServer(sql -> warehouses)) {
            Class.forName("net.snowflake.client.api.driver.SnowflakeDriver");
            Properties props = new Properties();
            props.put("user", "ledgerhouse");
            props.put("password", "not-a-real-password");
            props.put("disablePlatformDetection", "true");
            props.put("JDBC_QUERY_RESULT_FORMAT", "JSON");
            props.put("loginTimeout", "20");
            List<String> seen = new ArrayList<>();
            try (Connection c = DriverManager.getConnection(fake.jdbcUrl(), props);
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT WAREHOUSE_NAME, CREDITS_USED, NOTE FROM "
                            + "SNOWFLAKE.ACCOUNT_USAGE.WAREHOUSE_METERING_HISTORY")) {
                while (rs.next()) {
                    seen.add(rs.getString(1) + "|" + rs.getBigDecimal(2).toPlainString() + "|" + rs.getString(3));
                }
            }
            assertThat(seen).containsExactly("ETL_WH|12.500000000|null", "BI_WH|0.016666667|x");
            assertThat(fake.statements()).anyMatch(sql -> sql.contains("WAREHOUSE_METERING_HISTORY"));
            assertThat(fake.logins()).hasSize(1);
        }
    }
}
