package io.ledgerhouse.allocate.engine;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Splits an amount into parts proportional to weights, rounded to a scale, so that the parts sum to the amount
 * exactly: each part is first rounded down, then the units left over go one by one to the parts with the largest
 * remainders (ties to the earlier part). Negative amounts (credits, refunds) split the same way, mirrored.
 */
public final class Shares {

    private Shares() {
    }

    /**
     * Parts of {@code amount} in proportion to {@code weights}, at {@code scale} decimals. The amount must be
     * representable at that scale. All weights zero (or none positive) puts everything on the first part.
     */
    public static BigDecimal[] split(BigDecimal amount, List<BigDecimal> weights, int scale) {
        int n = weights.size();
        if (n == 0) {
            throw new IllegalArgumentException("no parts to split " + amount + " into");
        }
        if (amount.setScale(scale, RoundingMode.DOWN).compareTo(amount) != 0) {
            throw new IllegalArgumentException(amount + " has more than " + scale + " decimals");
        }
        BigDecimal[] parts = new BigDecimal[n];
        BigInteger units = amount.abs().movePointRight(scale).toBigIntegerExact();
        // the weights as integers at their largest scale: w = W / 10^s for every weight, so units * w / total is
        // units * W / T exactly, and remainders compare as their integer numerators (all over the same 10^s)
        int s = Integer.MIN_VALUE;
        for (BigDecimal w : weights) {
            if (w.signum() < 0) {
                throw new IllegalArgumentException("negative weight " + w);
            }
            s = Math.max(s, w.scale());
        }
        BigInteger[] scaled = new BigInteger[n];
        BigInteger total = BigInteger.ZERO;
        for (int i = 0; i < n; i++) {
            scaled[i] = weights.get(i).setScale(s).unscaledValue();
            total = total.add(scaled[i]);
        }
        if (total.signum() == 0) {
            Arrays.fill(parts, BigDecimal.ZERO.setScale(scale));
            parts[0] = amount.setScale(scale);
            return parts;
        }
        BigInteger[] floors = new BigInteger[n];
        BigInteger[] remainders = new BigInteger[n];
        BigInteger given = BigInteger.ZERO;
        for (int i = 0; i < n; i++) {
            BigInteger[] qr = units.multiply(scaled[i]).divideAndRemainder(total);
            floors[i] = qr[0];
            remainders[i] = qr[1];
            given = given.add(floors[i]);
        }
        int left = units.subtract(given).intValueExact();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparing((Integer i) -> remainders[i]).reversed()
                .thenComparing(Comparator.naturalOrder()));
        for (int k = 0; k < left; k++) {
            floors[order[k]] = floors[order[k]].add(BigInteger.ONE);
        }
        for (int i = 0; i < n; i++) {
            BigDecimal part = new BigDecimal(floors[i], scale);
            parts[i] = amount.signum() < 0 ? part.negate() : part;
        }
        return parts;
    }
}
