package io.ledgerhouse.store;

import java.util.Arrays;

/**
 * Rows in PostgreSQL COPY text format, encoded to UTF-8 straight into a byte buffer: tab-separated fields, {@code \N}
 * for null, backslash escapes for backslash, tab, newline and carriage return. NUL characters, which PostgreSQL text
 * cannot hold, are dropped; lone surrogates become U+FFFD.
 */
final class CopyTextBuffer {

    private byte[] buf;
    private int len;
    private boolean rowStarted;

    CopyTextBuffer(int capacity) {
        buf = new byte[capacity];
    }

    /** Appends one field (null: SQL NULL) to the current row. */
    void field(String v) {
        if (rowStarted) {
            put((byte) '\t');
        }
        rowStarted = true;
        if (v == null) {
            ensure(2);
            buf[len++] = '\\';
            buf[len++] = 'N';
            return;
        }
        int n = v.length();
        ensure(n * 4 + 4);
        for (int i = 0; i < n; i++) {
            char ch = v.charAt(i);
            if (ch < 0x80) {
                switch (ch) {
                    case '\\' -> {
                        buf[len++] = '\\';
                        buf[len++] = '\\';
                    }
                    case '\t' -> {
                        buf[len++] = '\\';
                        buf[len++] = 't';
                    }
                    case '\n' -> {
                        buf[len++] = '\\';
                        buf[len++] = 'n';
                    }
                    case '\r' -> {
                        buf[len++] = '\\';
                        buf[len++] = 'r';
                    }
                    case '\0' -> {
                        // PostgreSQL text cannot hold NUL; drop it rather than fail the whole load
                    }
                    default -> buf[len++] = (byte) ch;
                }
            } else if (ch < 0x800) {
                buf[len++] = (byte) (0xC0 | (ch >> 6));
                buf[len++] = (byte) (0x80 | (ch & 0x3F));
            } else if (Character.isHighSurrogate(ch) && i + 1 < n && Character.isLowSurrogate(v.charAt(i + 1))) {
                int cp = Character.toCodePoint(ch, v.charAt(++i));
                buf[len++] = (byte) (0xF0 | (cp >> 18));
                buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buf[len++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(ch)) {
                buf[len++] = (byte) 0xEF;
                buf[len++] = (byte) 0xBF;
                buf[len++] = (byte) 0xBD;
            } else {
                buf[len++] = (byte) (0xE0 | (ch >> 12));
                buf[len++] = (byte) (0x80 | ((ch >> 6) & 0x3F));
                buf[len++] = (byte) (0x80 | (ch & 0x3F));
            }
        }
    }

    /** Ends the current row. */
    void endRow() {
        put((byte) '\n');
        rowStarted = false;
    }

    int length() {
        return len;
    }

    byte[] bytes() {
        return buf;
    }

    void clear() {
        len = 0;
        rowStarted = false;
    }

    private void put(byte b) {
        ensure(1);
        buf[len++] = b;
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }
}
