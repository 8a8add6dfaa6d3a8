package io.ledgerhouse.domain;

import java.util.Locale;

/** Tag keys as matched everywhere in Ledgerhouse; stored tags keep their original keys beside this form. */
public final class TagKeys {

    private TagKeys() {
    }

    /** The normalised form of a tag key: surrounding whitespace removed and case folded. */
    public static String normalize(String key) {
        return key.strip().toLowerCase(Locale.ROOT);
    }
}
