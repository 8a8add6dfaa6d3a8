package io.ledgerhouse.collect;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerhouse.collect.bigquery.BigQueryCollector;
import io.ledgerhouse.collect.bigquery.BigQueryProjects;
import io.ledgerhouse.collect.snowflake.SnowflakeAccounts;
import io.ledgerhouse.collect.snowflake.SnowflakeCollector;
import io.ledgerhouse.domain.InvalidParameterException;
import io.ledgerhouse.domain.NotFoundException;
import io.ledgerhouse.store.CollectorRun;
import io.ledgerhouse.store.CollectorRunRepository;
import io.ledgerhouse.store.CollectorWatermarkRepository;
import io.ledgerhouse.store.Source;
import io.ledgerhouse.store.SourceRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Sources and their health, and collector runs on demand. */
@ApplicationScoped
public class SourceService {

    @Inject
    SourceRepository sources;
    @Inject
    CollectorRunRepository runs;
    @Inject
    CollectorWatermarkRepository watermarks;
    @Inject
    SnowflakeAccounts snowflake;
    @Inject
    SnowflakeCollector snowflakeCollector;
    @Inject
    io.ledgerhouse.collect.aws.AwsClients aws;
    @Inject
    io.ledgerhouse.collect.aws.AwsCollector awsCollector;
    @Inject
    BigQueryProjects bigquery;
    @Inject
    BigQueryCollector bigqueryCollector;
    @Inject
    Clock clock;
    @Inject
    ObjectMapper json;

    /** Every known source, plus configured accounts that have not run yet, by name. */
    public List<SourceView> list() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Map<String, SourceView> byName = new TreeMap<>();
            for (Source s : sources.listAll()) {
                byName.put(s.name, view(s));
            }
            snowflake.all().keySet().forEach(name -> byName.computeIfAbsent(name, n -> notYetRun(n)));
            aws.all().keySet().forEach(name -> byName.computeIfAbsent(name, n -> notYetRun(n)));
            bigquery.all().keySet().forEach(name -> byName.computeIfAbsent(name, n -> notYetRun(n)));
            return new ArrayList<>(byName.values());
        });
    }

    public SourceView get(String name) {
        return QuarkusTransaction.requiringNew().call(() -> sources.findByName(name).map(this::view)
                .or(() -> snowflake.find(name).map(a -> notYetRun(name)))
                .or(() -> aws.find(name).map(a -> notYetRun(name)))
                .or(() -> bigquery.find(name).map(p -> notYetRun(name)))
                .orElseThrow(() -> new NotFoundException("no source named '" + name + "'")));
    }

    /** Runs the source's collector now and returns its outcome. */
    public CollectorReport runNow(String name) {
        if (aws.find(name).isPresent()) {
            return awsCollector.collect(name);
        }
        if (bigquery.find(name).isPresent()) {
            BigQueryCollector.RunReport r = bigqueryCollector.collect(name, bigquery.session(name));
            return new RunOutcome(r.runId(), r.source(), r.status(), r.rowsByView(), r.unavailable(), r.error());
        }
        if (snowflake.find(name).isEmpty()) {
            if (QuarkusTransaction.requiringNew().call(() -> sources.findByName(name).isPresent())) {
                throw new InvalidParameterException("name", "source '" + name + "' has no collector to run "
                        + "(file sources are fed by imports)");
            }
            throw new NotFoundException("no source named '" + name + "'");
        }
        SnowflakeCollector.RunReport r = snowflakeCollector.collect(name, snowflake.session(name));
        return new RunOutcome(r.runId(), r.source(), r.status(), r.rowsByView(), r.unavailable(), r.error());
    }

    private SourceView notYetRun(String name) {
        String kind = aws.find(name).isPresent() ? "AWS" : bigquery.find(name).isPresent() ? "BIGQUERY"
                : "SNOWFLAKE";
        return new SourceView(name, kind, null, null, null, null, List.of(), configuration(name), null);
    }

    /** What the source's configuration says, secrets redacted (AWS accounts hold none). */
    private java.util.Map<String, Object> configuration(String name) {
        return snowflake.redacted(name).or(() -> bigquery.redacted(name)).or(() -> aws.described(name))
                .orElse(null);
    }

    /** The paid requests of the last run and of this UTC month, for sources whose collector pays per request. */
    private SourceView.ApiUsage apiUsage(Source s, Optional<CollectorRun> last, Instant now) {
        if (last.isEmpty() || last.get().apiRequests == null) {
            return null;
        }
        Instant monthStart = java.time.YearMonth.from(now.atOffset(java.time.ZoneOffset.UTC)).atDay(1)
                .atStartOfDay().toInstant(java.time.ZoneOffset.UTC);
        Map<String, Long> month = new java.util.LinkedHashMap<>();
        java.math.BigDecimal monthCost = java.math.BigDecimal.ZERO;
        for (CollectorRun r : runs.startedSince(s.id, monthStart)) {
            if (r.apiRequests != null) {
                json.convertValue(r.apiRequests, new TypeReference<Map<String, Long>>() {
                }).forEach((k, v) -> month.merge(k, v, Long::sum));
            }
            monthCost = r.apiCost == null ? monthCost : monthCost.add(r.apiCost);
        }
        return new SourceView.ApiUsage(json.convertValue(last.get().apiRequests,
                new TypeReference<Map<String, Long>>() {
                }), last.get().apiCost, month, monthCost, "USD");
    }

    private SourceView view(Source s) {
        Instant now = clock.instant();
        Optional<CollectorRun> last = runs.latest(s.id);
        Optional<CollectorRun> success = runs.latestWithStatus(s.id, CollectorRun.SUCCEEDED);
        List<SourceView.ViewLag> lags = watermarks.forSource(s.id).stream()
                .map(w -> new SourceView.ViewLag(w.viewName, w.watermark,
                        Math.max(0, Duration.between(w.watermark, now).toSeconds())))
                .toList();
        SourceView.LastRun lastRun = last.map(r -> new SourceView.LastRun(r.id, r.status, r.startedAt, r.finishedAt,
                r.rowsByView == null ? null : json.convertValue(r.rowsByView, new TypeReference<Map<String, Long>>() {
                }), r.unavailable == null ? Map.of() : json.convertValue(r.unavailable,
                        new TypeReference<Map<String, String>>() {
                        }), r.error)).orElse(null);
        String lastError = last.filter(r -> CollectorRun.FAILED.equals(r.status)).map(r -> r.error).orElse(null);
        return new SourceView(s.name, s.kind, s.createdAt, lastRun, success.map(r -> r.finishedAt).orElse(null),
                lastError, lags, configuration(s.name), apiUsage(s, last, now));
    }
}
