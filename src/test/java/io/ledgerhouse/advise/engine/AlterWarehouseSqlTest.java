package io.ledgerhouse.advise.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerhouse.domain.WarehouseSize;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Warehouse names are always one double-quoted identifier, whatever they contain; values never come from text. */
class AlterWarehouseSqlTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "a\"b; drop                     | ALTER WAREHOUSE \"a\"\"b; drop\" SET AUTO_SUSPEND = 60",
        "BI_WH                          | ALTER WAREHOUSE \"BI_WH\" SET AUTO_SUSPEND = 60",
        "bi_wh                          | ALTER WAREHOUSE \"bi_wh\" SET AUTO_SUSPEND = 60",
        "\"                             | ALTER WAREHOUSE \"\"\"\" SET AUTO_SUSPEND = 60",
        "x\" SET AUTO_SUSPEND = 0; --   | ALTER WAREHOUSE \"x\"\" SET AUTO_SUSPEND = 0; --\" SET AUTO_SUSPEND = 60",
        "it's '; DROP DATABASE prod; -- | ALTER WAREHOUSE \"it's '; DROP DATABASE prod; --\" SET AUTO_SUSPEND = 60",
        "entrepôt données               | ALTER WAREHOUSE \"entrepôt données\" SET AUTO_SUSPEND = 60",
        "$$ /* */ \\                    | ALTER WAREHOUSE \"$$ /* */ \\\" SET AUTO_SUSPEND = 60"})
    void hostileNamesStayOneIdentifier(String name, String sql) {
        assertThat(AlterWarehouseSql.autoSuspend(name.strip(), 60)).isEqualTo(sql.strip());
    }

    @org.junit.jupiter.api.Test
    void everyStatement() {
        String w = "a\"b; drop";
        assertThat(AlterWarehouseSql.size(w, WarehouseSize.XXLARGE))
                .isEqualTo("ALTER WAREHOUSE \"a\"\"b; drop\" SET WAREHOUSE_SIZE = 'XXLARGE'");
        assertThat(AlterWarehouseSql.minClusterCount(w, 1))
                .isEqualTo("ALTER WAREHOUSE \"a\"\"b; drop\" SET MIN_CLUSTER_COUNT = 1");
        assertThat(AlterWarehouseSql.maxClusterCount(w, 4))
                .isEqualTo("ALTER WAREHOUSE \"a\"\"b; drop\" SET MAX_CLUSTER_COUNT = 4");
        assertThat(AlterWarehouseSql.scalingPolicy(w, ScalingPolicy.ECONOMY))
                .isEqualTo("ALTER WAREHOUSE \"a\"\"b; drop\" SET SCALING_POLICY = 'ECONOMY'");
        assertThat(AlterWarehouseSql.autoSuspend(w, 0)).endsWith("AUTO_SUSPEND = 0");
    }

    @ParameterizedTest(name = "rejects {0}")
    @ValueSource(strings = {"", "a\u0000b", "line\nbreak", "tab\there"})
    void namesThatCannotBeQuotedSafelyAreRejected(String name) {
        assertThatThrownBy(() -> AlterWarehouseSql.autoSuspend(name, 60)).isInstanceOf(IllegalArgumentException.class);
    }

    @org.junit.jupiter.api.Test
    void valuesOutOfRangeAreRejected() {
        assertThatThrownBy(() -> AlterWarehouseSql.autoSuspend("W", -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AlterWarehouseSql.minClusterCount("W", 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AlterWarehouseSql.quoteIdentifier("x".repeat(256)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Reading the identifier back as Snowflake does (strip the quotes, "" is ") gives the name, and no quote is alone. */
    @Property(tries = 500)
    void quotingRoundTrips(@ForAll @StringLength(min = 1, max = 60) String name) {
        if (name.chars().anyMatch(Character::isISOControl)) {
            return;
        }
        String quoted = AlterWarehouseSql.quoteIdentifier(name);
        assertThat(quoted).startsWith("\"").endsWith("\"");
        String inner = quoted.substring(1, quoted.length() - 1);
        assertThat(inner.replace("\"\"", "")).doesNotContain("\"");
        assertThat(inner.replace("\"\"", "\"")).isEqualTo(name);
    }
}
