package io.ledgerhouse.allocate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryTagTest {

    @Test
    void jsonTagsAndDbtMetadataAreReadAsDottedKeys() {
        QueryTag t = QueryTag.parse("{\"app\":\"dbt\",\"node_id\":\"model.analytics.fct_orders\","
                + "\"meta\":{\"Team\":\"finance\"},\"tags\":[\"a\",\"b\"],\"x\":null,\"n\":3}");
        assertThat(t.get("app")).isEqualTo("dbt");
        assertThat(t.get("node_id")).isEqualTo("model.analytics.fct_orders");
        assertThat(t.get("meta.team")).isEqualTo("finance");
        assertThat(t.get("n")).isEqualTo("3");
        assertThat(t.pairs()).doesNotContainKeys("tags", "x");
    }

    @Test
    void keyValuePairsInTheUsualSeparators() {
        assertThat(QueryTag.parse("team=finance;workload=exec-dashboards").pairs())
                .containsEntry("team", "finance").containsEntry("workload", "exec-dashboards");
        assertThat(QueryTag.parse("Team: growth, env: prod").get("team")).isEqualTo("growth");
        assertThat(QueryTag.parse("team=ml&job=train").get("job")).isEqualTo("train");
    }

    @Test
    void freeTextAndBrokenJsonKeepOnlyTheirRawText() {
        assertThat(QueryTag.parse("nightly load").pairs()).isEmpty();
        assertThat(QueryTag.parse("{not json").raw()).isEqualTo("{not json");
        assertThat(QueryTag.parse(null)).isEqualTo(QueryTag.EMPTY);
        assertThat(QueryTag.parse("")).isEqualTo(QueryTag.EMPTY);
    }
}
