package io.ledgerhouse.forecast.engine;

/** Quantiles of Student's t distribution from the normal quantile, by the Cornish-Fisher expansion in 1/ν. */
final class StudentT {

    private StudentT() {
    }

    /**
     * The t quantile with {@code nu} degrees of freedom at the probability whose standard normal quantile is
     * {@code z} (Abramowitz &amp; Stegun 26.7.5; within 1% of the exact value for ν ≥ 3, and ν is clamped to 1 or
     * more).
     */
    static double quantile(double z, double nu) {
        double v = Math.max(1, nu);
        double z2 = z * z;
        double g1 = (z2 + 1) * z / 4;
        double g2 = ((5 * z2 + 16) * z2 + 3) * z / 96;
        double g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384;
        double g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z / 92160;
        return z + g1 / v + g2 / (v * v) + g3 / (v * v * v) + g4 / (v * v * v * v);
    }
}
