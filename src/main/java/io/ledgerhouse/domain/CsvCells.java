package io.ledgerhouse.domain;

/** One CSV cell as written in exports: quoted when needed, and never read by a spreadsheet as a formula. */
public final class CsvCells {

    private CsvCells() {
    }

    public static String cell(String v) {
        if (v == null) {
            return "";
        }
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0 && !isNumber(v)) {
            v = "'" + v; // a spreadsheet must not read a name as a formula
        }
        return v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")
                ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }

    private static boolean isNumber(String v) {
        try {
            new java.math.BigDecimal(v);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
