package com.busos.campaign.sequence;

/** A template as stored: its name, subject line and HTML body, both possibly with placeholders. */
public final class EmailTemplate {
    private final String name;
    private final String subject;
    private final String html;

    public EmailTemplate(String name, String subject, String html) {
        this.name = name;
        this.subject = subject;
        this.html = html;
    }

    public String name() {
        return name;
    }

    public String subject() {
        return subject;
    }

    public String html() {
        return html;
    }
}
