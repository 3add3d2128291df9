package com.busos.campaign.tracker;

import com.busos.campaign.notion.NotionPage;
import com.busos.campaign.sequence.Sequence;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import lombok.Getter;
import lombok.RequiredArgsConstructor;

/** One record of the Email Sequence database: a contact's progress through one sequence. */
@RequiredArgsConstructor
@Getter
public final class TrackerRecord {
    /** Trackers carry "Email 1 Sent" … "Email 7 Sent"; the sequences use at most five. */
    static final int MAX_EMAIL_NUMBER = 7;

    private final NotionPage page;

    public String id() {
        return page.id();
    }

    public Optional<String> email() {
        return page.email("Email");
    }

    /** The record's Template Type; empty for a 5-day record, which never has one. */
    public Optional<String> templateType() {
        return page.selectName("Template Type");
    }

    /** Whether this record tracks {@code sequence}: its Template Type is the sequence's (or both are unset). */
    public boolean tracks(Sequence sequence) {
        return Objects.equals(
                templateType().orElse(null), sequence.templateType().orElse(null));
    }

    public static String sentProperty(int emailNumber) {
        return "Email " + emailNumber + " Sent";
    }

    public Optional<String> sentAt(int emailNumber) {
        return page.dateStart(sentProperty(emailNumber));
    }

    /** Numbers of the emails recorded as sent, ascending. */
    public List<Integer> sentEmailNumbers() {
        List<Integer> sent = new ArrayList<>();
        for (int n = 1; n <= MAX_EMAIL_NUMBER; n++) {
            if (sentAt(n).isPresent()) sent.add(n);
        }
        return sent;
    }

    public boolean sequenceCompleted() {
        return page.checkbox("Sequence Completed");
    }
}
