package io.ledgerhouse.allocate.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Largest-remainder splitting. */
class SharesTest {

    /**
     * <pre>
     * 10.00 over weights 1 : 1 : 1   -> 3.34, 3.33, 3.33 (the first of the equal remainders gets the cent)
     * 1.00 over 0.5 : 0.3 : 0.2      -> 0.50, 0.30, 0.20
     * 0.05 over 2 : 1                -> 0.03, 0.02 (0.0333 remainder beats 0.0167)
     * -0.05 over 2 : 1               -> -0.03, -0.02
     * 7.00 over 0 : 0                -> 7.00, 0.00 (no weight: all on the first part)
     * </pre>
     */
    @Test
    void partsSumExactlyToTheWhole() {
        assertThat(split("10.00", 2, "1", "1", "1")).containsExactly("3.34", "3.33", "3.33");
        assertThat(split("1.00", 2, "0.5", "0.3", "0.2")).containsExactly("0.50", "0.30", "0.20");
        assertThat(split("0.05", 2, "2", "1")).containsExactly("0.03", "0.02");
        assertThat(split("-0.05", 2, "2", "1")).containsExactly("-0.03", "-0.02");
        assertThat(split("7.00", 2, "0", "0")).containsExactly("7.00", "0.00");
    }

    @Test
    void anAmountFinerThanTheScaleOrANegativeWeightIsRefused() {
        assertThatThrownBy(() -> split("0.001", 2, "1")).hasMessageContaining("more than 2 decimals");
        assertThatThrownBy(() -> split("1.00", 2, "-1", "2")).hasMessageContaining("negative weight");
    }

    private static List<String> split(String amount, int scale, String... weights) {
        return List.of(Shares.split(new BigDecimal(amount), java.util.Arrays.stream(weights).map(BigDecimal::new)
                .toList(), scale)).stream().map(BigDecimal::toPlainString).toList();
    }
}
