package com.busos.campaign.followup;

import com.busos.campaign.notion.PropertyValues;
import com.busos.campaign.sequence.Sequences;
import com.busos.campaign.webhook.RequestFields;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import lombok.Getter;

/** A validated postcall-maybe request (§2.4): a discovery call ended with "maybe". */
@Getter
public final class PostCall extends FollowUp {
    public static final String DEFAULT_CALL_OUTCOME = "Maybe";
    public static final String DEFAULT_FOLLOW_UP_PRIORITY = "Medium";

    private final String callDate;
    private final String callOutcome;
    private final String callNotes;
    /** The objections as given, or null when none were. */
    private final List<String> objections;

    private final String followUpPriority;

    private PostCall(RequestFields body) {
        super(body, Sequences.POSTCALL, "Post-call follow-up sequence will begin shortly");
        callDate = body.requiredString("call_date");
        callOutcome = body.optionalString("call_outcome", DEFAULT_CALL_OUTCOME);
        callNotes = body.optionalMultilineString("call_notes", null);
        List<String> items = body.optionalStringList("objections");
        objections = items == null ? null : List.copyOf(items);
        followUpPriority = body.optionalString("follow_up_priority", DEFAULT_FOLLOW_UP_PRIORITY);
        body.validate();
    }

    /** Reads and validates the request; throws InvalidRequestException listing every bad field. */
    public static PostCall from(RequestFields body) {
        return new PostCall(body);
    }

    @Override
    void addTrackerProperties(PropertyValues properties) {
        properties
                .richText("Call Date", callDate)
                .richText("Call Outcome", callOutcome)
                .richText("Follow-Up Priority", followUpPriority);
        // richText cuts to Notion's 2,000 characters without splitting a surrogate pair.
        if (hasText(callNotes)) properties.richText("Call Notes", callNotes);
        String joinedObjections = joined(objections);
        if (joinedObjections != null) properties.richText("Objections", joinedObjections);
    }

    @Override
    void addFields(Map<String, String> fields) {
        fields.put("call_date", callDate);
        fields.put("call_outcome", callOutcome);
        fields.put("call_notes", callNotes);
        fields.put("objections", joined(objections));
        fields.put("follow_up_priority", followUpPriority);
    }

    @Override
    void addAnswerFields(ObjectNode answer) {
        answer.put("call_outcome", callOutcome);
    }
}
