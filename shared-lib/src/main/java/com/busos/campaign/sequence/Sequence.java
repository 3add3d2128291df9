package com.busos.campaign.sequence;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import lombok.Getter;

/** An email sequence as data: its key, its tracker's Template Type, its emails and its own variables. */
public final class Sequence {
    /** Short stable key used in send ids and logs: 5day, noshow, postcall, onboarding. */
    @Getter
    private final String key;

    @Getter
    private final String name;

    private final String templateType;

    @Getter
    private final List<SequenceEmail> emails;
    /** Template variables specific to this sequence, on top of {@link TemplateVariables#COMMON}. */
    @Getter
    private final List<String> variables;
    /**
     * Whether a new enrolment counts toward the day's intake cap ({@code counts_toward_daily_cap}, true
     * unless the sequence says otherwise): onboarding does not, a paying customer is never refused.
     */
    @Getter
    private final boolean countsTowardDailyCap;
    /**
     * The Calendly events that end this sequence for an address ({@code ended_by} in sequences.json):
     * {@code invitee.created} (a booked call ends the 5-day and no-show sequences),
     * {@code invitee_no_show.deleted} (an un-marked no-show ends the no-show sequence).
     */
    @Getter
    private final List<String> endedBy;

    /** {@code endedBy}: the Calendly events that end this sequence for an address ({@code ended_by}). */
    public Sequence(
            String key,
            String name,
            String templateType,
            List<SequenceEmail> emails,
            List<String> variables,
            boolean countsTowardDailyCap,
            List<String> endedBy) {
        this.countsTowardDailyCap = countsTowardDailyCap;
        this.endedBy = List.copyOf(endedBy);
        this.key = key;
        this.name = name;
        this.templateType = templateType;
        this.emails = List.copyOf(emails);
        this.variables = List.copyOf(variables);
    }

    /** The tracker record's {@code Template Type} select, or empty for the 5-day sequence (never written). */
    public Optional<String> templateType() {
        return Optional.ofNullable(templateType);
    }

    /** The emails this system schedules and sends. */
    public List<SequenceEmail> scheduledEmails() {
        return emails.stream().filter(email -> !email.sentByWebsite()).collect(Collectors.toList());
    }

    public Optional<SequenceEmail> email(int number) {
        return emails.stream().filter(email -> email.number() == number).findFirst();
    }
}
