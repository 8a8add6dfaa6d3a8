package io.ledgerhouse.trial.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The demo BigQuery project: deterministic, and its reservation never bills fewer slots than its jobs use. */
class BigQueryProjectGeneratorTest {

    private static final BigQueryProjectGenerator.Spec SPEC = new BigQueryProjectGenerator.Spec(7,
            LocalDate.of(2026, 11, 2), 30);

    private record Row(String project, String view, Map<String, Object> values) {
    }

    private static List<Row> rows(BigQueryProjectGenerator.Spec spec) {
        List<Row> out = new ArrayList<>();
        new BigQueryProjectGenerator().generate(spec, (p, v, r) -> out.add(new Row(p, v, r)));
        return out;
    }

    private static List<Map<String, Object>> view(List<Row> rows, String view) {
        return rows.stream().filter(r -> r.view().equals(view)).map(Row::values).toList();
    }

    @Test
    void theSameSpecGivesTheSameRowsAndAnotherSeedOthers() {
        assertThat(rows(SPEC)).isEqualTo(rows(SPEC));
        assertThat(view(rows(new BigQueryProjectGenerator.Spec(8, SPEC.start(), 30)), "JOBS_BY_PROJECT"))
                .isNotEqualTo(view(rows(SPEC), "JOBS_BY_PROJECT"));
    }

    /**
     * Worked fixture, 2026-11-02 to 12-02 (30 days from a Monday, 22 weekdays), as the class comment's table adds up:
     * <pre>
     * nightly ETL        24 x 30 = 720  (reservation)
     * BI dashboards      60 x 22 = 1,320 (reservation)
     * revenue tile       24 x 30 = 720
     * clickstream export  1 x 30 = 30
     * session explorer    4 x 22 = 88
     * ad hoc            16-24 x 22 (drawn)
     * reservation minutes 30 x 1,440 = 43,200; 6 tables
     * </pre>
     */
    @Test
    void theWorkedFixtureCountsAddUp() {
        List<Row> rows = new ArrayList<>();
        BigQueryProjectGenerator.Totals totals = new BigQueryProjectGenerator().generate(SPEC,
                (p, v, r) -> rows.add(new Row(p, v, r)));
        List<Map<String, Object>> jobs = view(rows, "JOBS_BY_PROJECT");
        assertThat(totals.jobs()).isEqualTo(jobs.size());
        assertThat(totals.reservationJobs()).isEqualTo(720 + 1_320);
        Map<String, Long> byKind = jobs.stream().collect(Collectors.groupingBy(
                j -> ((String) j.get("job_id")).replaceAll("_.*", ""), TreeMap::new, Collectors.counting()));
        assertThat(byKind).containsEntry("etl", 720L).containsEntry("bi", 1_320L).containsEntry("tile", 720L)
                .containsEntry("export", 30L).containsEntry("explore", 88L);
        assertThat(byKind.get("adhoc")).isBetween(16L * 22, 24L * 22);
        assertThat(totals.reservationMinutes()).isEqualTo(43_200);
        assertThat(view(rows, "RESERVATIONS_TIMELINE")).hasSize(43_200);
        assertThat(view(rows, "TABLE_STORAGE")).hasSize(totals.tables()).hasSize(6);
        assertThat(view(rows, "CAPACITY_COMMITMENT_CHANGES")).singleElement().satisfies(c -> {
            assertThat(c).containsEntry("commitment_plan", "ANNUAL").containsEntry("edition", "ENTERPRISE")
                    .containsEntry("slot_count", BigQueryProjectGenerator.COMMITTED_SLOTS);
        });
        // every job is labelled with a team of the demo Snowflake account's query tags
        Set<String> teams = jobs.stream().map(j -> labels(j).get("team")).collect(Collectors.toSet());
        assertThat(teams).containsExactlyInAnyOrder("data-platform", "finance", "growth", "marketing", "ml");
    }

    @Test
    void reservationJobsNeverUseMoreSlotsThanTheMinuteBills() {
        List<Row> rows = rows(SPEC);
        Map<Instant, Long> usedMs = new HashMap<>();
        Map<String, Long> perJob = new HashMap<>();
        for (Map<String, Object> t : view(rows, "JOBS_TIMELINE_BY_PROJECT")) {
            usedMs.merge((Instant) t.get("period_start"), (Long) t.get("period_slot_ms"), Long::sum);
            perJob.merge((String) t.get("job_id"), (Long) t.get("period_slot_ms"), Long::sum);
        }
        Map<Instant, Long> billedMs = new HashMap<>();
        for (Map<String, Object> m : view(rows, "RESERVATIONS_TIMELINE")) {
            long autoscale = (Long) m.get("autoscale.current_slots");
            assertThat(autoscale).isBetween(0L, BigQueryProjectGenerator.AUTOSCALE_MAX_SLOTS);
            assertThat(autoscale % BigQueryProjectGenerator.AUTOSCALE_STEP_SLOTS).isZero();
            assertThat((Long) m.get("period_autoscale_slot_seconds")).isEqualTo(autoscale * 60);
            billedMs.put((Instant) m.get("period_start"), ((Long) m.get("slots_assigned") + autoscale) * 60_000L);
        }
        assertThat(usedMs).isNotEmpty();
        usedMs.forEach((minute, used) -> assertThat(used).as("slot-ms used at %s", minute)
                .isLessThanOrEqualTo(billedMs.get(minute)));
        // some minutes need autoscaling (the nightly ETL), and a job's slot-ms are its timeline's
        assertThat(usedMs.values()).anyMatch(u -> u > BigQueryProjectGenerator.BASELINE_SLOTS * 60_000L);
        for (Map<String, Object> j : view(rows, "JOBS_BY_PROJECT")) {
            if (j.get("reservation_id") != null) {
                assertThat(j.get("total_slot_ms")).as((String) j.get("job_id"))
                        .isEqualTo(perJob.getOrDefault((String) j.get("job_id"), 0L));
            }
        }
    }

    @Test
    void theRepeatedPatternRunsHourlyWithinTenPercentOfItsBytes() {
        List<Map<String, Object>> tile = view(rows(SPEC), "JOBS_BY_PROJECT").stream()
                .filter(j -> "revenue-tile".equals(j.get("query_info.query_hashes.normalized_literals"))).toList();
        assertThat(tile).hasSize(720).allSatisfy(j -> assertThat(j.get("cache_hit")).isEqualTo(false));
        long min = tile.stream().mapToLong(j -> (Long) j.get("total_bytes_processed")).min().orElseThrow();
        long max = tile.stream().mapToLong(j -> (Long) j.get("total_bytes_processed")).max().orElseThrow();
        assertThat((double) max / min).isLessThan(1.10);
    }

    @ParameterizedTest(name = "{0} slots used: {1} autoscaled")
    @CsvSource({"0, 0", "100, 0", "101, 50", "150, 50", "151, 100", "300, 200", "350, 200"})
    void autoscaleIsTheSmallestStepOverTheBaseline(long used, long autoscale) {
        assertThat(BigQueryProjectGenerator.autoscaleSlots(used)).isEqualTo(autoscale);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> labels(Map<String, Object> job) {
        Map<String, String> out = new HashMap<>();
        for (Map<String, Object> kv : (List<Map<String, Object>>) job.get("labels")) {
            out.put((String) kv.get("key"), (String) kv.get("value"));
        }
        return out;
    }
}
