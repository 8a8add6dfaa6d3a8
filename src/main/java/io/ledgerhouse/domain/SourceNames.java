package io.ledgerhouse.domain;

import java.util.regex.Pattern;

/** Source names: 1–63 characters of letters, digits, dot, underscore and hyphen, starting with a letter or digit. */
public final class SourceNames {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private SourceNames() {
    }

    public static String require(String parameter, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidParameterException(parameter, "'" + name + "' is not a valid source name: use 1-63 "
                    + "letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return name;
    }
}
