package io.ledgerhouse.collect.files.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerhouse.collect.files.engine.CsvRecordReader.CsvFormatException;
import io.ledgerhouse.collect.files.engine.CsvRecordReader.CsvRecord;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordReaderTest {

    @Test
    void quotedFieldsMayHoldSeparatorsQuotesAndLineBreaks() throws IOException {
        List<CsvRecord> records = readAll("a,b,c\n\"x,1\",\"say \"\"hi\"\"\",\"two\nlines\"\nlast,,\"\"\n");
        assertThat(records).hasSize(3);
        assertThat(records.get(1).fields()).containsExactly("x,1", "say \"hi\"", "two\nlines");
        assertThat(records.get(2).fields()).containsExactly("last", "", "");
    }

    @Test
    void eachRecordKnowsThePhysicalLineItStartsOn() throws IOException {
        List<CsvRecord> records = readAll("h1,h2\r\n\"multi\r\nline\",1\r\n\r\nnext,2");
        assertThat(records).extracting(CsvRecord::line).containsExactly(1L, 2L, 5L);
        assertThat(records.get(1).fields()).containsExactly("multi\r\nline", "1");
        assertThat(records.get(2).fields()).containsExactly("next", "2");
    }

    @Test
    void aByteOrderMarkBeforeTheHeaderIsSkipped() throws IOException {
        assertThat(readAll("\uFEFFBilledCost,x\n1,2\n").get(0).fields()).containsExactly("BilledCost", "x");
    }

    @Test
    void anUnclosedQuoteIsAnErrorNamingWhereItOpened() {
        assertThatThrownBy(() -> readAll("a,b\n1,\"open\n2,3\n"))
                .isInstanceOf(CsvFormatException.class)
                .satisfies(e -> assertThat(((CsvFormatException) e).line()).isEqualTo(2));
    }

    @Test
    void recordsSpanningReadBuffersAreReadWhole() throws IOException {
        // a reader that hands out one character at a time exercises every buffer boundary
        String csv = "a,b\n\"q\"\"uote\",plain\n";
        Reader trickle = new Reader() {
            final StringReader in = new StringReader(csv);

            @Override
            public int read(char[] cbuf, int off, int len) throws IOException {
                return in.read(cbuf, off, Math.min(1, len));
            }

            @Override
            public void close() {
            }
        };
        CsvRecordReader reader = new CsvRecordReader(trickle);
        reader.next();
        assertThat(reader.next().fields()).containsExactly("q\"uote", "plain");
        assertThat(reader.next()).isNull();
    }

    private static List<CsvRecord> readAll(String csv) throws IOException {
        List<CsvRecord> out = new ArrayList<>();
        try (CsvRecordReader reader = new CsvRecordReader(new StringReader(csv))) {
            CsvRecord r;
            while ((r = reader.next()) != null) {
                out.add(r);
            }
        }
        return out;
    }
}
