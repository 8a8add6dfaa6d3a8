package io.ledgerhouse.web;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the pages write figures: money always with its currency, credits with their unit, times in UTC. */
final class Figures {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Figures() {
    }

    /** "USD 1,234.56"; a dash for no value. */
    static String money(BigDecimal amount, String currency) {
        if (amount == null) {
            return "–";
        }
        return (currency == null ? "" : currency + " ") + String.format(Locale.US, "%,.2f",
                amount.setScale(2, RoundingMode.HALF_UP));
    }

    /** "1,234.5 credits". */
    static String credits(BigDecimal credits) {
        if (credits == null) {
            return "–";
        }
        return String.format(Locale.US, "%,.2f credits", credits.setScale(2, RoundingMode.HALF_UP));
    }

    /** A share as "12.3 %". */
    static String percent(BigDecimal part, BigDecimal whole) {
        if (part == null || whole == null || whole.signum() == 0) {
            return "–";
        }
        return String.format(Locale.US, "%.1f %%", part.multiply(BigDecimal.valueOf(100))
                .divide(whole, 1, RoundingMode.HALF_UP));
    }

    static String time(Instant at) {
        return at == null ? "–" : TIME.format(at);
    }

    /** "3 h 20 min", "45 s". */
    static String duration(long seconds) {
        Duration d = Duration.ofSeconds(seconds);
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return d.toMinutes() + " min";
        }
        if (seconds < 86_400) {
            return d.toHours() + " h " + d.toMinutesPart() + " min";
        }
        return d.toDays() + " d " + d.toHoursPart() + " h";
    }

    /** An auto-suspend setting as people say it. */
    static String suspend(Integer seconds) {
        if (seconds == null || seconds == 0) {
            return "never";
        }
        return seconds < 60 ? seconds + " s" : seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
    }

    static String url(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Money as a plain number for a chart, rounded to cents. */
    static BigDecimal cents(BigDecimal amount) {
        return amount == null ? null : amount.setScale(2, RoundingMode.HALF_UP);
    }
}
