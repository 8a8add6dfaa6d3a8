package io.ledgerhouse.advise.engine;

import static io.ledgerhouse.advise.engine.RecommendationStatus.ACCEPTED;
import static io.ledgerhouse.advise.engine.RecommendationStatus.APPLIED;
import static io.ledgerhouse.advise.engine.RecommendationStatus.DISMISSED;
import static io.ledgerhouse.advise.engine.RecommendationStatus.OPEN;
import static io.ledgerhouse.advise.engine.RecommendationStatus.SUPERSEDED;
import static io.ledgerhouse.advise.engine.RecommendationStatus.VERIFIED;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The workflow people drive:
 *
 * <pre>
 *            ┌──────────► DISMISSED ──┐
 *   OPEN ────┤                        │ (reopen)
 *     ▲      └──► ACCEPTED ──► APPLIED ──(Ledgerhouse)──► VERIFIED
 *     └───────────────┘
 * </pre>
 */
class RecommendationStatusTest {

    @Test
    void peopleMoveAlongTheArrows() {
        assertThat(OPEN.refusal(ACCEPTED)).isNull();
        assertThat(OPEN.refusal(DISMISSED)).isNull();
        assertThat(ACCEPTED.refusal(APPLIED)).isNull();
        assertThat(ACCEPTED.refusal(OPEN)).isNull();
        assertThat(DISMISSED.refusal(OPEN)).isNull();
    }

    @Test
    void everyOtherMoveIsRefusedWithAReason() {
        assertThat(OPEN.refusal(APPLIED)).isEqualTo("a recommendation that is OPEN cannot become APPLIED; it can "
                + "become [ACCEPTED, DISMISSED]");
        assertThat(APPLIED.refusal(VERIFIED)).startsWith("VERIFIED is set by Ledgerhouse");
        assertThat(OPEN.refusal(SUPERSEDED)).startsWith("SUPERSEDED is set by Ledgerhouse");
        assertThat(DISMISSED.refusal(DISMISSED)).isEqualTo("the recommendation is already DISMISSED");
        assertThat(VERIFIED.refusal(OPEN)).isEqualTo("a recommendation that is VERIFIED cannot become OPEN");
        for (RecommendationStatus from : RecommendationStatus.values()) {
            for (RecommendationStatus to : RecommendationStatus.values()) {
                assertThat(from.refusal(to) == null).as(from + " -> " + to).isEqualTo(from.byPeople().contains(to));
            }
        }
    }

    @Test
    void dismissingNeedsAReason() {
        assertThat(RecommendationStatus.needsReason(DISMISSED)).isTrue();
        assertThat(RecommendationStatus.needsReason(ACCEPTED)).isFalse();
    }
}
