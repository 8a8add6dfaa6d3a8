package io.ledgerhouse.collect.files;

import io.ledgerhouse.collect.files.engine.ImportProblem;
import io.ledgerhouse.collect.files.engine.ImportTally.BillingPeriodKey;
import io.ledgerhouse.collect.files.engine.ImportTally.CurrencyTotal;
import io.ledgerhouse.collect.files.engine.ImportWarnings.Warning;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What an import did. {@code status} is SUCCEEDED (rows stored), UNCHANGED (the same content was imported before, see
 * {@code duplicateOf}; nothing added) or FAILED (nothing stored; {@code problems} says why, at most the first 100 of
 * {@code problemCount}).
 */
public record ImportReport(
        long id,
        String source,
        String fileName,
        String status,
        String focusVersion,
        String contentSha256,
        long rows,
        long rowsReplaced,
        List<CurrencyTotal> totals,
        Map<String, Long> providers,
        List<BillingPeriodKey> billingPeriods,
        long problemCount,
        List<ImportProblem> problems,
        List<Warning> warnings,
        Long duplicateOf,
        Instant startedAt,
        Instant finishedAt) {
}
