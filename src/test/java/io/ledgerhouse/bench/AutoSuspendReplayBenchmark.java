package io.ledgerhouse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerhouse.advise.engine.AnalysisPeriod;
import io.ledgerhouse.advise.engine.AutoSuspendReplay;
import io.ledgerhouse.advise.engine.QueryTimeline;
import io.ledgerhouse.advise.engine.ReplayedSetting;
import io.ledgerhouse.advise.engine.ScalingPolicy;
import io.ledgerhouse.advise.engine.WarehouseConfiguration;
import io.ledgerhouse.domain.WarehouseKind;
import io.ledgerhouse.domain.WarehouseSize;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Auto-suspend replay throughput: 10 million queries (set {@code -Dbench.queries=N}) over 50 warehouses, each
 * replayed under its nine settings (current 450 s and the eight candidates), with the heap capped at 256 MB by the
 * bench profile. The queries are generated in memory as the replay's own primitive columns (14 bytes a query, about
 * 140 MB for all of them), never as objects: half the warehouses take steady Poisson arrivals, half dashboard-like
 * bursts that spill onto up to three clusters; durations are log-normal (median 3 s, heavy tail, capped at an hour);
 * gaps between arrivals vary by warehouse from about a second to a minute. Results go to
 * {@code target/bench/auto-suspend-replay.json}; the figure that matters is queries x settings per second.
 *
 * <p>Run with {@code ./mvnw -o -B -Pbench verify -Dtest=AutoSuspendReplayBenchmark}.
 */
@Tag("bench")
class AutoSuspendReplayBenchmark {

    static final int WAREHOUSES = 50;
    static final Instant T0 = Instant.parse("2026-09-01T00:00:00Z");

    @Test
    void replaysTenMillionQueriesUnderNineSettings() throws Exception {
        long total = Long.getLong("bench.queries", 10_000_000L);
        int perWarehouse = (int) (total / WAREHOUSES);
        SplittableRandom random = new SplittableRandom(2026);
        List<QueryTimeline> timelines = new ArrayList<>();
        List<WarehouseConfiguration> configurations = new ArrayList<>();
        long lastArrival = 0;
        long t0 = System.nanoTime();
        for (int w = 0; w < WAREHOUSES; w++) {
            boolean bursty = w % 2 == 1;
            double meanGapMs = 1_000 + 59_000.0 * w / (WAREHOUSES - 1);
            QueryTimeline.Builder b = QueryTimeline.builder(perWarehouse);
            long t = T0.toEpochMilli();
            for (int i = 0; i < perWarehouse; ) {
                t += (long) (-Math.log(1 - random.nextDouble()) * meanGapMs * (bursty ? 12 : 1));
                int n = bursty ? Math.min(12, perWarehouse - i) : 1;
                for (int k = 0; k < n; k++, i++) {
                    long at = t + (bursty ? random.nextLong(1_500) : 0);
                    double seconds = Math.min(3_600, Math.exp(Math.log(3) + 1.2 * gaussian(random)));
                    b.add(at, at + (long) (seconds * 1000), 1);
                }
            }
            QueryTimeline timeline = b.build();
            timelines.add(bursty ? timeline.packed(8) : timeline);
            lastArrival = Math.max(lastArrival, t);
            configurations.add(new WarehouseConfiguration("BENCH_WH_" + w, WarehouseSize.values()[w % 5],
                    WarehouseKind.STANDARD_GEN1, WarehouseKind.Cloud.AWS, 450, 1, bursty ? 3 : 1,
                    ScalingPolicy.STANDARD));
        }
        double generateSeconds = (System.nanoTime() - t0) / 1e9;
        AnalysisPeriod period = new AnalysisPeriod(T0, Instant.ofEpochMilli(lastArrival).plusSeconds(86_400));
        BigDecimal price = new BigDecimal("3.00");

        // warm the JIT on one warehouse before timing
        for (int i = 0; i < 3; i++) {
            AutoSuspendReplay.curve(timelines.get(0), configurations.get(0), period, price);
        }

        long replayed = 0;
        int settings = 0;
        BigDecimal credits = BigDecimal.ZERO;
        double seconds;
        long peakHeap;
        try (HeapSampler heap = new HeapSampler()) {
            long t1 = System.nanoTime();
            for (int w = 0; w < WAREHOUSES; w++) {
                List<ReplayedSetting> curve = AutoSuspendReplay.curve(timelines.get(w), configurations.get(w), period,
                        price);
                settings += curve.size();
                replayed += (long) timelines.get(w).size() * curve.size();
                credits = credits.add(curve.get(0).credits());
                for (int i = 1; i < curve.size() - 1; i++) {
                    assertThat(curve.get(i).resumes()).isLessThanOrEqualTo(curve.get(i - 1).resumes());
                }
            }
            seconds = (System.nanoTime() - t1) / 1e9;
            peakHeap = heap.peakBytes();
        }
        assertThat(settings).isEqualTo(WAREHOUSES * 9);
        long queries = timelines.stream().mapToLong(QueryTimeline::size).sum();
        assertThat(queries).isEqualTo((long) perWarehouse * WAREHOUSES);

        ObjectMapper json = new ObjectMapper();
        ObjectNode result = json.createObjectNode();
        result.put("benchmark", "auto-suspend-replay");
        result.put("warehouses", WAREHOUSES);
        result.put("queries", queries);
        result.put("settingsPerWarehouse", settings / WAREHOUSES);
        result.put("periodDays", period.days());
        result.put("heapMaxBytes", Runtime.getRuntime().maxMemory());
        result.put("heapPeakBytes", peakHeap);
        result.put("generateSeconds", generateSeconds);
        result.put("replaySeconds", seconds);
        result.put("querySettingsPerSecond", replayed / seconds);
        result.put("creditsAt30s", credits.toPlainString());
        Path dir = Files.createDirectories(Path.of("target", "bench"));
        Files.writeString(dir.resolve("auto-suspend-replay.json"), json.writerWithDefaultPrettyPrinter()
                .writeValueAsString(result));
        System.out.println("BENCH " + result);
    }

    static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
