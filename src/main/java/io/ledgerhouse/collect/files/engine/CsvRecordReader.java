package io.ledgerhouse.collect.files.engine;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Streaming RFC 4180 reader: one record at a time, constant memory whatever the file size.
 *
 * <p>Quoted fields may contain separators, doubled quotes and line breaks; {@link CsvRecord#line()} is the physical
 * line (1-based) where the record starts, so errors can point at the line a person sees in an editor. A UTF-8 byte
 * order mark before the header is skipped.
 */
public final class CsvRecordReader implements AutoCloseable {

    private static final int BUFFER = 1 << 16;

    private final Reader in;
    private final char[] buf = new char[BUFFER];
    private int pos;
    private int len;
    private long line = 1;
    private boolean eof;
    private boolean first = true;
    private final StringBuilder field = new StringBuilder(64);

    public CsvRecordReader(Reader in) {
        this.in = in;
    }

    /** A parsed record: its starting line and its fields in file order. */
    public record CsvRecord(long line, String[] fields) {
    }

    /** Thrown for a structural CSV error (an unterminated quote, a stray quote inside a field). */
    public static final class CsvFormatException extends IOException {
        private final long line;

        public CsvFormatException(long line, String message) {
            super(message);
            this.line = line;
        }

        public long line() {
            return line;
        }
    }

    /** The next record, or {@code null} at end of input. Blank lines are skipped. */
    public CsvRecord next() throws IOException {
        while (true) {
            if (!fill()) {
                return null;
            }
            if (first) {
                first = false;
                if (buf[pos] == '\uFEFF') {
                    pos++;
                    continue;
                }
            }
            char c = buf[pos];
            if (c == '\n') { // blank line
                pos++;
                line++;
                continue;
            }
            if (c == '\r') {
                pos++;
                continue;
            }
            break;
        }
        long start = line;
        List<String> fields = new ArrayList<>(48);
        while (true) {
            boolean endOfRecord = readField(fields, start);
            if (endOfRecord) {
                return new CsvRecord(start, fields.toArray(new String[0]));
            }
        }
    }

    /** Reads one field into {@code fields}; returns true when it ended the record. */
    private boolean readField(List<String> fields, long start) throws IOException {
        field.setLength(0);
        if (!fill()) {
            fields.add("");
            return true;
        }
        if (buf[pos] == '"') {
            pos++;
            long quoteLine = line;
            while (true) {
                if (!fill()) {
                    throw new CsvFormatException(quoteLine, "a quoted field opened on line " + quoteLine + " is never closed");
                }
                // copy a run of ordinary characters at once
                int runStart = pos;
                while (pos < len && buf[pos] != '"') {
                    if (buf[pos] == '\n') {
                        line++;
                    }
                    pos++;
                }
                field.append(buf, runStart, pos - runStart);
                if (pos >= len) {
                    continue;
                }
                pos++; // the quote
                if (!fill()) {
                    fields.add(field.toString());
                    return true;
                }
                char n = buf[pos];
                if (n == '"') {
                    field.append('"');
                    pos++;
                    continue;
                }
                if (n == ',') {
                    pos++;
                    fields.add(field.toString());
                    return false;
                }
                if (n == '\n' || n == '\r') {
                    fields.add(field.toString());
                    endLine();
                    return true;
                }
                throw new CsvFormatException(line, "unexpected character '" + n + "' after a closing quote");
            }
        }
        while (true) {
            if (!fill()) {
                fields.add(field.toString());
                return true;
            }
            int runStart = pos;
            while (pos < len) {
                char c = buf[pos];
                if (c == ',' || c == '\n' || c == '\r') {
                    break;
                }
                pos++;
            }
            field.append(buf, runStart, pos - runStart);
            if (pos >= len) {
                continue;
            }
            char c = buf[pos];
            if (c == ',') {
                pos++;
                fields.add(field.toString());
                return false;
            }
            fields.add(field.toString());
            endLine();
            return true;
        }
    }

    private void endLine() throws IOException {
        if (buf[pos] == '\r') {
            pos++;
            if (fill() && buf[pos] == '\n') {
                pos++;
            }
        } else {
            pos++;
        }
        line++;
    }

    private boolean fill() throws IOException {
        if (pos < len) {
            return true;
        }
        if (eof) {
            return false;
        }
        int n = in.read(buf, 0, BUFFER);
        while (n == 0) {
            n = in.read(buf, 0, BUFFER);
        }
        if (n < 0) {
            eof = true;
            pos = len = 0;
            return false;
        }
        pos = 0;
        len = n;
        return true;
    }

    /** The line the reader has reached (after the last record read). */
    public long currentLine() {
        return line;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
