package io.ledgerhouse.advise;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.ledgerhouse.advise.engine.AnalysisPeriod;
import io.ledgerhouse.advise.engine.ObjectRecommendation;
import io.ledgerhouse.advise.engine.Recommendation;
import io.ledgerhouse.advise.engine.RedshiftAdvisor;
import io.ledgerhouse.collect.aws.engine.RedshiftHour;
import io.ledgerhouse.domain.InvalidParameterException;
import io.ledgerhouse.domain.NotFoundException;
import io.ledgerhouse.store.AwsStore;
import io.ledgerhouse.store.Source;
import io.ledgerhouse.store.SourceRepository;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Redshift clusters of AWS sources: their utilisation from the stored CloudWatch hours, and sizing advice (pause,
 * resize, Serverless) with the money from the source's Cost Explorer charges of Amazon Redshift.
 */
@ApplicationScoped
public class RedshiftAdvisorService {

    static final Set<String> KINDS = Set.of(RedshiftAdvisor.KIND);

    @Inject
    AgroalDataSource dataSource;
    @Inject
    SourceRepository sources;
    @Inject
    RecommendationService recommendations;
    @Inject
    AdvisorConfig config;
    @Inject
    ObjectMapper json;
    @Inject
    Clock clock;

    private final RedshiftAdvisor advisor = new RedshiftAdvisor(RedshiftAdvisor.Settings.defaults());

    /** One hour of a cluster as shown by the utilisation view. */
    public record HourView(Instant hour, Double cpuPercent, Double connections, Double diskUsedPercent,
            Double concurrencyScalingClusters, Double concurrencyScalingSeconds, boolean idle) {
    }

    /** A cluster's utilisation over {@code [from, to)}: summary, what the advisor makes of it, and every hour. */
    public record UtilisationView(String source, RedshiftAdvisor.Utilisation summary, String verdict,
            String proposed, BigDecimal monthlySavings, String currency, String costNote, List<HourView> hours) {
    }

    /** The utilisation view; {@code from}/{@code to} are UTC days (to exclusive), default the advisor's last days. */
    public UtilisationView utilisation(String sourceName, String cluster, String from, String to) {
        Source source = source(sourceName);
        Instant end = day("to", to).map(d -> d.atStartOfDay().toInstant(ZoneOffset.UTC))
                .orElse(clock.instant().truncatedTo(ChronoUnit.HOURS));
        Instant start = day("from", from).map(d -> d.atStartOfDay().toInstant(ZoneOffset.UTC))
                .orElse(end.minus(config.days(), ChronoUnit.DAYS));
        if (!end.isAfter(start)) {
            throw new InvalidParameterException("to", "'to' must be after 'from'");
        }
        AnalysisPeriod period = new AnalysisPeriod(start, end);
        Inputs in = inputs(source.id, cluster, period);
        if (in.hours().isEmpty() && !in.clusters().contains(cluster)) {
            throw new NotFoundException("no CloudWatch metrics of Redshift cluster '" + cluster + "' in " + sourceName);
        }
        RedshiftAdvisor.Advice advice = advisor.advise(cluster, in.hours(), period, in.cost(), in.currency());
        List<HourView> hours = in.hours().stream().map(h -> new HourView(h.hour(), h.cpuPercent(), h.connections(),
                h.diskUsedPercent(), h.concurrencyScalingClusters(), h.concurrencyScalingSeconds(), advisor.idle(h)))
                .toList();
        return new UtilisationView(sourceName, advice.utilisation(), advice.verdict(),
                advice.recommendation().map(ObjectRecommendation::proposedValue).orElse(null),
                advice.recommendation().map(ObjectRecommendation::monthlySavingsMoney).orElse(null),
                in.currency(), in.costNote(), hours);
    }

    /** Refreshes the Redshift advice of every AWS source. */
    public List<RecommendationService.Refresh> refreshAll() {
        return EachSource.refresh(sources, "AWS", "Redshift advice", this::refresh);
    }

    /**
     * Advises on every cluster of the source with stored metrics, over the advisor's last {@code days} up to the
     * current hour.
     */
    public RecommendationService.Refresh refresh(String sourceName) {
        Source source = source(sourceName);
        List<RecommendationService.Advice> advice = new ArrayList<>();
        List<String> clusters = QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                return AwsStore.redshiftClusters(c, source.id);
            }
        });
        Instant end = clock.instant().truncatedTo(ChronoUnit.HOURS);
        AnalysisPeriod period = new AnalysisPeriod(end.minus(config.days(), ChronoUnit.DAYS), end);
        for (String cluster : clusters) {
            Inputs in = inputs(source.id, cluster, period);
            advisor.advise(cluster, in.hours(), period, in.cost(), in.currency()).recommendation()
                    .ifPresent(r -> advice.add(advice(r, in.costNote())));
        }
        return recommendations.refresh(source.id, KINDS, advice);
    }

    private record Inputs(List<RedshiftHour> hours, List<String> clusters, BigDecimal cost, String currency,
            String costNote) {
    }

    /**
     * A cluster's hours and its cost: the source's Amazon Redshift charges of the period, shared evenly between the
     * clusters with metrics (Cost Explorer's daily cost by service does not name the cluster).
     */
    private Inputs inputs(long sourceId, String cluster, AnalysisPeriod period) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                List<RedshiftHour> hours = AwsStore.redshiftHours(c, sourceId, cluster, period.from(), period.to());
                List<String> clusters = AwsStore.redshiftClusters(c, sourceId);
                Map<String, BigDecimal> costs = AwsStore.redshiftCost(c, sourceId, period.from(), period.to());
                if (costs.isEmpty()) {
                    return new Inputs(hours, clusters, null, "USD", "no Amazon Redshift charges in the period: "
                            + "savings not estimated");
                }
                Map.Entry<String, BigDecimal> first = costs.entrySet().iterator().next();
                int n = Math.max(1, clusters.size());
                BigDecimal share = first.getValue().divide(BigDecimal.valueOf(n), MathContext.DECIMAL128);
                return new Inputs(hours, clusters, share, first.getKey(), n == 1
                        ? "the source's Amazon Redshift cost of the period (Cost Explorer)"
                        : "the source's Amazon Redshift cost of the period (Cost Explorer) shared evenly by its " + n
                                + " clusters with metrics");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private RecommendationService.Advice advice(ObjectRecommendation r, String costNote) {
        ObjectNode evidence = json.createObjectNode();
        evidence.put("from", r.evidence().period().from().toString());
        evidence.put("to", r.evidence().period().to().toString());
        evidence.put("days", Math.round(r.evidence().period().days() * 100) / 100.0);
        ArrayNode figures = evidence.putArray("figures");
        for (Recommendation.Figure f : r.evidence().figures()) {
            figures.addObject().put("name", f.name()).put("value", f.value()).put("unit", f.unit());
        }
        ArrayNode assumptions = evidence.putArray("assumptions");
        r.assumptions().forEach(assumptions::add);
        evidence.put("costMethod", costNote);
        return new RecommendationService.Advice(r.kind(), r.targetType(), r.target(), r.currentValue(),
                r.proposedValue(), null, r.monthlySavingsMoney(), r.currency(), r.performanceEffect(), evidence,
                r.confidence().level().name(), r.confidence().why(), r.sql(), null);
    }

    /** Whether {@code name} is an AWS source (its advice is this service's). */
    public boolean handles(String name) {
        return QuarkusTransaction.requiringNew().call(() -> sources.findByName(name).map(s -> "AWS".equals(s.kind))
                .orElse(false));
    }

    private Source source(String name) {
        Source s = QuarkusTransaction.requiringNew().call(() -> sources.findByName(name))
                .orElseThrow(() -> new NotFoundException("no source named '" + name + "'"));
        if (!"AWS".equals(s.kind)) {
            throw new NotFoundException("'" + name + "' is not an AWS account");
        }
        return s;
    }

    private static java.util.Optional<LocalDate> day(String name, String value) {
        if (value == null || value.isBlank()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(LocalDate.parse(value.strip()));
        } catch (DateTimeParseException e) {
            throw new InvalidParameterException(name, "'" + value + "' is not a day; use YYYY-MM-DD");
        }
    }
}
