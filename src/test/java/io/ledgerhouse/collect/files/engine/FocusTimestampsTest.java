package io.ledgerhouse.collect.files.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FocusTimestampsTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
        "2024-09-01 00:00:00       | 2024-09-01T00:00:00Z",
        "2024-09-01T13:45:10Z      | 2024-09-01T13:45:10Z",
        "2024-09-01T13:45:10.250Z  | 2024-09-01T13:45:10.250Z",
        "2024-09-01T13:45:10+02:00 | 2024-09-01T11:45:10Z",
        "2024-09-01T13:45:10-0130  | 2024-09-01T15:15:10Z",
        "2024-09-01 13:45 UTC      | 2024-09-01T13:45:00Z",
        "2024-09-01T13:45Z         | 2024-09-01T13:45:00Z",
        "2024-09-01                | 2024-09-01T00:00:00Z",
    })
    void acceptedSpellings(String text, String expected) {
        assertThat(FocusTimestamps.parse(text.strip())).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2024-13-01", "2024-02-30 00:00:00", "2024-09-01X00:00", "01/09/2024",
        "2024-09-01 25:00:00", "2024-09-01T00:00:00+5"})
    void rejectedSpellings(String text) {
        assertThat(FocusTimestamps.parse(text)).isNull();
    }
}
