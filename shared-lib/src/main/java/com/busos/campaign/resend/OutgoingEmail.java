package com.busos.campaign.resend;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import lombok.Getter;

/** One email as Resend receives it: sender, one recipient, subject, HTML body and extra headers. */
@Getter
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
}
