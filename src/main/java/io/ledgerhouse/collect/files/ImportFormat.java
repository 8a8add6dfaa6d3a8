package io.ledgerhouse.collect.files;

/** The layout of an imported cost file. */
public enum ImportFormat {
    /** FOCUS 1.0, 1.1 or 1.2. */
    FOCUS,
    /** The legacy AWS Cost and Usage Report ({@code lineItem/…}, {@code bill/…} columns). */
    CUR,
    /** Whichever of the two the header shows (the watched folder). */
    DETECT
}
