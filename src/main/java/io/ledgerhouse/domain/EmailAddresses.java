package io.ledgerhouse.domain;

import java.util.regex.Pattern;

/** What passes for an e-mail address here: one @, a dotted domain, no spaces, commas, quotes or angle brackets. */
public final class EmailAddresses {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s,;<>\"]+@[^@\\s,;<>\"]+\\.[^@\\s,;<>\".]+");

    private EmailAddresses() {
    }

    public static boolean valid(String address) {
        return address != null && EMAIL.matcher(address).matches();
    }
}
