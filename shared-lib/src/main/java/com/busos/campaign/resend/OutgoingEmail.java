package com.busos.campaign.resend;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** One email as Resend receives it: sender, one recipient, subject, HTML body and extra headers. */
public final class OutgoingEmail {
    private final String from;
    private final String to;
    private final String subject;
    private final String html;
    private final Map<String, String> headers;

    public OutgoingEmail(String from, String to, String subject, String html, Map<String, String> headers) {
        this.from = Objects.requireNonNull(from, "from");
        this.to = Objects.requireNonNull(to, "to");
        this.subject = Objects.requireNonNull(subject, "subject");
        this.html = Objects.requireNonNull(html, "html");
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    public String from() {
        return from;
    }

    public String to() {
        return to;
    }

    public String subject() {
        return subject;
    }

    public String html() {
        return html;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
