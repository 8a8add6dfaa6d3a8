package io.ledgerhouse.costs;

import io.ledgerhouse.costs.engine.CostQuery;
import io.ledgerhouse.costs.engine.CostQueryParser;
import io.ledgerhouse.store.ChargeAggregates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Answers cost questions over the charge table. */
@ApplicationScoped
public class CostService {

    @Inject
    ChargeAggregates aggregates;
    @Inject
    Clock clock;

    /** Costs for the raw API parameters; from/to default to the current UTC month. */
    public CostReport costs(String from, String to, String groupBy, String filter, String limit) {
        return costs(from, to, groupBy, filter, limit, null);
    }

    /**
     * As {@link #costs(String, String, String, String, String)}, of the shares allocated to {@code teams} only (null:
     * every cost). A filter naming a team outside {@code teams} is refused rather than answered empty.
     */
    public CostReport costs(String from, String to, String groupBy, String filter, String limit,
            java.util.Set<String> teams) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate monthStart = today.withDayOfMonth(1);
        CostQuery query = CostQueryParser.parse(from, to, groupBy, filter, limit, monthStart, monthStart.plusMonths(1));
        if (teams != null) {
            for (CostQuery.FilterTerm f : query.filters()) {
                if (f.dimension() == io.ledgerhouse.costs.engine.CostDimension.TEAM && !teams.contains(f.value())) {
                    throw new io.ledgerhouse.domain.AccessDeniedException("The filter names a team whose costs you "
                            + "may not see; you see your own teams' costs only.");
                }
            }
        }
        ChargeAggregates.Sums sums = aggregates.sum(query, teams);
        return new CostReport(query.from(), query.to(),
                query.groupBy().stream().map(CostQuery.Grouping::label).toList(),
                query.filters().stream().map(f -> f.key() + ":" + f.value()).toList(),
                sums.rows(), sums.truncated(), aggregates.totals(query, teams));
    }
}
