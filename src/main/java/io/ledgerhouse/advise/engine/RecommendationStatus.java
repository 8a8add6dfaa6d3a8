package io.ledgerhouse.advise.engine;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a recommendation stands. People move it from OPEN to ACCEPTED or DISMISSED (with a reason), from ACCEPTED to
 * APPLIED once they ran the statement; Ledgerhouse moves it to VERIFIED when the period after the change has been
 * compared with the replay's prediction, and to SUPERSEDED when a refresh no longer gives advice that was still open
 * (and back to OPEN if it comes back).
 */
public enum RecommendationStatus {
    OPEN, ACCEPTED, DISMISSED, APPLIED, VERIFIED, SUPERSEDED;

    /** The statuses a person may move a recommendation to from this one. */
    public Set<RecommendationStatus> byPeople() {
        return switch (this) {
            case OPEN -> EnumSet.of(ACCEPTED, DISMISSED);
            case ACCEPTED -> EnumSet.of(APPLIED, DISMISSED, OPEN);
            case DISMISSED -> EnumSet.of(OPEN);
            case APPLIED, VERIFIED, SUPERSEDED -> EnumSet.noneOf(RecommendationStatus.class);
        };
    }

    /** Why a person cannot move from this status to {@code to}, or null when they can. */
    public String refusal(RecommendationStatus to) {
        if (byPeople().contains(to)) {
            return null;
        }
        if (to == VERIFIED) {
            return "VERIFIED is set by Ledgerhouse once the period after the change has been measured against the "
                    + "prediction";
        }
        if (to == SUPERSEDED) {
            return "SUPERSEDED is set by Ledgerhouse when the advice is no longer given";
        }
        if (to == this) {
            return "the recommendation is already " + this;
        }
        return "a recommendation that is " + this + " cannot become " + to
                + (byPeople().isEmpty() ? "" : "; it can become " + byPeople());
    }

    /** Whether a move to {@code to} needs a reason (dismissing does: the next reader should know why). */
    public static boolean needsReason(RecommendationStatus to) {
        return to == DISMISSED;
    }
}
