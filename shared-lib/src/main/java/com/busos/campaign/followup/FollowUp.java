package com.busos.campaign.followup;

import com.busos.campaign.log.Log;
import com.busos.campaign.notion.PropertyValues;
import com.busos.campaign.sequence.Sequence;
import com.busos.campaign.sequence.Sequences;
import com.busos.campaign.webhook.RequestFields;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lombok.Getter;

/**
 * A validated request to start one of the follow-up sequences (no-show, post-call, onboarding). Each
 * kind names its sequence and its accepted message, and supplies the tracker properties of its own,
 * the fields its templates use and the fields of its answer; {@link FollowUpService} does the rest
 * the same way for all three.
 */
@Getter
public abstract class FollowUp {
    /** The {@code campaign} of these webhooks' answers (the tracker's Campaign select is the config's). */
    public static final String ANSWER_CAMPAIGN = "Christmas Traditional Service";

    private final String email;
    private final String firstName;
    private final String businessName;
    /** The key of the sequence in sequences.json: noshow, postcall or onboarding. */
    private final String sequenceKey;
    /** The original answer's message for an accepted request. */
    private final String acceptedMessage;

    /** Reads the fields every follow-up has; the subclass reads its own, then calls {@code body.validate()}. */
    FollowUp(RequestFields body, String sequenceKey, String acceptedMessage) {
        email = body.requiredEmail("email");
        firstName = body.requiredString("first_name");
        businessName = body.requiredString("business_name");
        this.sequenceKey = sequenceKey;
        this.acceptedMessage = acceptedMessage;
    }

    public Sequence sequence() {
        return Sequences.get(sequenceKey);
    }

    /** {@code duplicate_<sequence key>_sequence}, the reason given when the sequence already exists. */
    public String duplicateReason() {
        return "duplicate_" + sequenceKey + "_sequence";
    }

    /** Adds this sequence's own tracker properties (§4.2) to the common ones. */
    abstract void addTrackerProperties(PropertyValues properties);

    /** The sequence's own template fields, as text (null when not given). */
    abstract void addFields(Map<String, String> fields);

    /** Adds this request's own fields to the accepted answer (none by default). */
    void addAnswerFields(ObjectNode answer) {}

    /** Logs what is worth a warning in an accepted request (nothing by default). */
    void logWarnings(Log log) {}

    /** Every field the emails' template variables are built from, as text. */
    public Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("first_name", firstName);
        fields.put("business_name", businessName);
        addFields(fields);
        return fields;
    }

    /** The items joined with ", ", or null when there are none (as the original wrote them). */
    static String joined(List<String> items) {
        return items == null || items.isEmpty() ? null : String.join(", ", items);
    }

    static boolean hasText(String value) {
        return value != null && !value.isEmpty();
    }
}
