package io.ledgerhouse.collect.snowflake.engine;

import java.util.List;

/** QUERY_ATTRIBUTION_HISTORY as the collector reads it, in the order of the store's sf_query_attribution columns. */
public final class QueryAttributionView {

    public static final String VIEW = "QUERY_ATTRIBUTION_HISTORY";

    public static final List<ViewField> FIELDS = List.of(
            new ViewField("query_id", "QUERY_ID"),
            new ViewField("start_time", "START_TIME"),
            new ViewField("end_time", "END_TIME"),
            new ViewField("parent_query_id", "PARENT_QUERY_ID"),
            new ViewField("root_query_id", "ROOT_QUERY_ID"),
            new ViewField("warehouse_id", "WAREHOUSE_ID"),
            new ViewField("warehouse_name", "WAREHOUSE_NAME"),
            new ViewField("query_hash", "QUERY_HASH"),
            new ViewField("query_parameterized_hash", "QUERY_PARAMETERIZED_HASH"),
            new ViewField("query_tag", "QUERY_TAG"),
            new ViewField("user_name", "USER_NAME"),
            new ViewField("credits_attributed_compute", "CREDITS_ATTRIBUTED_COMPUTE"),
            new ViewField("credits_used_query_acceleration", "CREDITS_USED_QUERY_ACCELERATION"));

    private QueryAttributionView() {
    }
}
