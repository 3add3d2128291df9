package com.busos.campaign.webhook;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lombok.AccessLevel;
import lombok.Getter;
import lombok.RequiredArgsConstructor;

/**
 * Validates and normalises an email address as the original webhook did (pydantic's EmailStr): the
 * domain is lower-cased and NFC-normalised, the local part kept as given, and the display-name form
 * {@code Name <addr>} reduced to the address. Reasons follow the email-validator library's wording.
 */
public final class EmailAddresses {
    private static final Pattern DISPLAY_NAME = Pattern.compile("^[^<>]*<([^<>]+)>\\s*$");
    private static final Pattern LOCAL_ATOM = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~\\-\\u0080-\\uFFFF]+");
    private static final Pattern DOMAIN_LABEL =
            Pattern.compile("[a-z0-9\\u0080-\\uFFFF]([a-z0-9\\-\\u0080-\\uFFFF]*[a-z0-9\\u0080-\\uFFFF])?");

    private EmailAddresses() {}

    /** The outcome of {@link #parse}: a normalised address or the reason it is not one. */
    @RequiredArgsConstructor(access = AccessLevel.PRIVATE)
    @Getter
    public static final class Result {
        private final String address;
        private final String reason;

        public boolean valid() {
            return address != null;
        }
    }

    public static Result parse(String raw) {
        String text = raw.trim();
        Matcher display = DISPLAY_NAME.matcher(text);
        if (display.matches()) text = display.group(1).trim();
        if (text.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return invalid("The email address contains invalid characters.");
        }
        int at = text.lastIndexOf('@');
        if (at < 0) return invalid("An email address must have an @-sign.");
        String local = text.substring(0, at);
        String domain = Normalizer.normalize(text.substring(at + 1), Normalizer.Form.NFC)
                .toLowerCase(Locale.ROOT);
        if (local.isEmpty()) return invalid("There must be something before the @-sign.");
        if (domain.isEmpty()) return invalid("There must be something after the @-sign.");
        if (local.length() > 64) return invalid("The email address is too long before the @-sign.");
        if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            return invalid("The email address has a period in a place it may not be.");
        }
        for (String atom : local.split("\\.")) {
            if (!LOCAL_ATOM.matcher(atom).matches()) {
                return invalid("The email address contains invalid characters before the @-sign.");
            }
        }
        if (!domain.contains(".")) return invalid("The part after the @-sign is not valid. It should have a period.");
        if (domain.length() > 253) return invalid("The email address is too long after the @-sign.");
        for (String label : domain.split("\\.", -1)) {
            if (label.isEmpty()
                    || label.length() > 63
                    || !DOMAIN_LABEL.matcher(label).matches()) {
                return invalid("The part after the @-sign contains invalid characters or is not a valid domain name.");
            }
        }
        String address = local + "@" + domain;
        if (address.length() > 254) return invalid("The email address is too long.");
        return new Result(address, null);
    }

    private static Result invalid(String reason) {
        return new Result(null, reason);
    }
}
