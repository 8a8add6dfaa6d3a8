package io.ledgerhouse.allocate;

import io.ledgerhouse.domain.ChargesChanged;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.YearMonth;

/** Re-allocates the months whose charges a collection or an import changed, once it has committed. */
@ApplicationScoped
public class AllocationTrigger {

    @Inject
    AllocationService allocations;
    @Inject
    AllocationConfig config;

    void onChargesChanged(@Observes ChargesChanged change) {
        if (!config.afterCollection() || change.from() == null || change.to() == null) {
            return;
        }
        for (YearMonth m = YearMonth.from(change.from()); !m.isAfter(YearMonth.from(change.to())); m = m.plusMonths(1)) {
            try {
                AllocationService.RunSummary run = allocations.run(change.source(), m);
                Log.infof("Allocated %s for %s after its charges changed: %s", change.source(), m, run.status());
            } catch (RuntimeException e) {
                Log.errorf(e, "Allocation of %s for %s could not run", change.source(), m);
            }
        }
    }
}
