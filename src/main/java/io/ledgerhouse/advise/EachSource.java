package io.ledgerhouse.advise;

import io.ledgerhouse.store.SourceRepository;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Refreshes the advice of every source of one kind, in name order; one failing source never stops the others. */
final class EachSource {

    private EachSource() {
    }

    static List<RecommendationService.Refresh> refresh(SourceRepository sources, String kind, String what,
            Function<String, RecommendationService.Refresh> refresh) {
        List<String> names = QuarkusTransaction.requiringNew().call(() -> sources.list("kind", kind).stream()
                .map(s -> s.name).sorted().toList());
        List<RecommendationService.Refresh> out = new ArrayList<>();
        for (String name : names) {
            try {
                out.add(refresh.apply(name));
            } catch (RuntimeException e) {
                Log.warnf(e, "%s for %s could not be refreshed", what, name);
            }
        }
        return out;
    }
}
