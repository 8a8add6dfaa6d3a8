package io.ledgerhouse.collect.files.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an import tolerated but a person should know about (an enumeration value outside FOCUS, tags that were not
 * JSON, tag keys that collide once normalised). Counted per kind and value, with the first line each was seen on, so a
 * file with a million such rows gives one line of report, not a million.
 */
public final class ImportWarnings {

    /** One kind of warning: where it was first seen and how often. */
    public record Warning(String column, String reason, long firstLine, long count) {
    }

    private static final int MAX_KINDS = 200;

    private final Map<String, long[]> counts = new LinkedHashMap<>();
    private final Map<String, String[]> details = new LinkedHashMap<>();
    private long dropped;

    public void add(long line, String column, String reason) {
        String key = column + '\u0000' + reason;
        long[] c = counts.get(key);
        if (c != null) {
            c[1]++;
            return;
        }
        if (counts.size() >= MAX_KINDS) {
            dropped++;
            return;
        }
        counts.put(key, new long[] {line, 1});
        details.put(key, new String[] {column, reason});
    }

    public List<Warning> list() {
        List<Warning> out = new ArrayList<>(counts.size());
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
            String[] d = details.get(e.getKey());
            out.add(new Warning(d[0], d[1], e.getValue()[0], e.getValue()[1]));
        }
        return out;
    }

    /** Warnings not listed because too many kinds were seen. */
    public long unlisted() {
        return dropped;
    }
}
