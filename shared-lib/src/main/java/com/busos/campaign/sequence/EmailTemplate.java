package com.busos.campaign.sequence;

import lombok.Getter;
import lombok.RequiredArgsConstructor;

/** A template as stored: its name, subject line and HTML body, both possibly with placeholders. */
@RequiredArgsConstructor
@Getter
public final class EmailTemplate {
    private final String name;
    private final String subject;
    private final String html;
}
