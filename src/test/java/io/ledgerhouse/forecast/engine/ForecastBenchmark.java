package io.ledgerhouse.forecast.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerhouse.forecast.engine.SyntheticCosts.Noise;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Forecasting throughput: 1,000 synthetic series (set {@code -Dbench.series=N}) of two years of daily costs, half
 * with Gaussian and half with lognormal noise, each forecast through the end of the next month, which fits and
 * backtests all six models (4 rolling origins + the final fit), reads the intervals and the anomalies. The series are
 * forecast in parallel on the common pool. The series are drawn beforehand as arrays of doubles; turning them into
 * the {@link DailyCostSeries} the caller would hand over is timed. Results go to {@code target/bench/forecast.json}.
 *
 * <p>Run with {@code ./mvnw -o -B -Pbench verify -Dtest=ForecastBenchmark} (heap 256 MB).
 */
@Tag("bench")
class ForecastBenchmark {

    static final int DAYS = 731;

    @Test
    void forecastsAThousandTwoYearSeries() throws Exception {
        int count = Integer.getInteger("bench.series", 1000);
        SyntheticCosts[] series = IntStream.rangeClosed(1, count)
                .mapToObj(seed -> SyntheticCosts.draw(seed, DAYS, seed % 2 == 0 ? Noise.GAUSSIAN : Noise.LOGNORMAL))
                .toArray(SyntheticCosts[]::new);
        LocalDate origin = SyntheticCosts.START.plusDays(DAYS);
        CostForecaster forecaster = new CostForecaster();

        // a short warm-up so the figure is the steady state, not the JIT
        IntStream.range(0, Math.min(50, count)).parallel().forEach(i -> forecaster.forecast(
                ForecastRequest.throughNextMonth(series[i].before(origin), origin)));

        AtomicInteger fellBack = new AtomicInteger();
        AtomicInteger points = new AtomicInteger();
        long t0 = System.nanoTime();
        IntStream.range(0, count).parallel().forEach(i -> {
            Forecast f = forecaster.forecast(ForecastRequest.throughNextMonth(series[i].before(origin), origin));
            points.addAndGet(f.points().size());
            if (f.fellBack()) {
                fellBack.incrementAndGet();
            }
        });
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(points.get()).isPositive();

        ObjectMapper json = new ObjectMapper();
        ObjectNode result = json.createObjectNode();
        result.put("benchmark", "forecast");
        result.put("series", count);
        result.put("daysPerSeries", DAYS);
        result.put("modelsPerSeries", Candidate.all().size());
        result.put("threads", java.util.concurrent.ForkJoinPool.commonPool().getParallelism() + 1); // pool + caller
        result.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        result.put("heapMaxBytes", Runtime.getRuntime().maxMemory());
        result.put("seconds", seconds);
        result.put("seriesPerSecond", count / seconds);
        result.put("fellBack", fellBack.get());
        Path dir = Files.createDirectories(Path.of("target", "bench"));
        Files.writeString(dir.resolve("forecast.json"), json.writerWithDefaultPrettyPrinter()
                .writeValueAsString(result));
        System.out.println("BENCH " + result);
    }
}
