package io.ledgerhouse.collect.files.engine;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Reads the timestamp spellings real FOCUS exports use. FOCUS asks for ISO 8601 in UTC; exports also write
 * {@code 2024-09-01 00:00:00} (space, no zone), a bare date, fractional seconds, or an explicit offset. Text without
 * a zone is UTC.
 */
public final class FocusTimestamps {

    private FocusTimestamps() {
    }

    /** The instant the text denotes, or null when it is not a timestamp in any accepted spelling. */
    public static Instant parse(String s) {
        int n = s.length();
        if (n < 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
            return null;
        }
        try {
            int year = digits(s, 0, 4);
            int month = digits(s, 5, 7);
            int day = digits(s, 8, 10);
            if (year < 0 || month < 0 || day < 0) {
                return null;
            }
            if (n == 10) {
                return LocalDate.of(year, month, day).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            char sep = s.charAt(10);
            if ((sep != 'T' && sep != 't' && sep != ' ') || n < 16 || s.charAt(13) != ':') {
                return null;
            }
            int hour = digits(s, 11, 13);
            int minute = digits(s, 14, 16);
            int second = 0;
            int nanos = 0;
            int i = 16;
            if (i < n && s.charAt(i) == ':') {
                if (n < 19) {
                    return null;
                }
                second = digits(s, 17, 19);
                i = 19;
                if (i < n && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
                    int start = ++i;
                    while (i < n && Character.isDigit(s.charAt(i))) {
                        i++;
                    }
                    int len = i - start;
                    if (len == 0) {
                        return null;
                    }
                    String frac = s.substring(start, Math.min(i, start + 9));
                    nanos = Integer.parseInt(frac);
                    for (int k = frac.length(); k < 9; k++) {
                        nanos *= 10;
                    }
                }
            }
            if (hour < 0 || minute < 0 || second < 0) {
                return null;
            }
            ZoneOffset offset = offset(s, i);
            if (offset == null) {
                return null;
            }
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(offset);
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    private static ZoneOffset offset(String s, int i) {
        int n = s.length();
        while (i < n && s.charAt(i) == ' ') {
            i++;
        }
        if (i == n) {
            return ZoneOffset.UTC;
        }
        String rest = s.substring(i);
        if (rest.equals("Z") || rest.equals("z") || rest.equalsIgnoreCase("UTC") || rest.equalsIgnoreCase("GMT")) {
            return ZoneOffset.UTC;
        }
        char sign = rest.charAt(0);
        if (sign != '+' && sign != '-') {
            return null;
        }
        String hm = rest.substring(1).replace(":", "");
        if (hm.length() != 2 && hm.length() != 4) {
            return null;
        }
        int h = digits(hm, 0, 2);
        int m = hm.length() == 4 ? digits(hm, 2, 4) : 0;
        if (h < 0 || m < 0) {
            return null;
        }
        int total = h * 3600 + m * 60;
        return ZoneOffset.ofTotalSeconds(sign == '-' ? -total : total);
    }

    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
