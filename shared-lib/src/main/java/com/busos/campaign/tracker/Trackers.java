package com.busos.campaign.tracker;

import com.busos.campaign.notion.Filters;
import com.busos.campaign.notion.NotionApi;
import com.busos.campaign.notion.PropertyValues;
import com.busos.campaign.sequence.Sequence;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The Email Sequence (tracker) database. */
public final class Trackers extends NotionDatabase {
    public Trackers(NotionApi notion, String databaseId) {
        super(notion, databaseId);
    }

    /** Every tracker record of the address, whatever its sequence. */
    public List<TrackerRecord> findByEmail(String email) {
        return query(Filters.emailEquals("Email", email)).stream()
                .map(TrackerRecord::new)
                .collect(Collectors.toList());
    }

    /** The address's record for {@code sequence}, looking at all of its records, not just the first. */
    public Optional<TrackerRecord> findFor(String email, Sequence sequence) {
        return findByEmail(email).stream()
                .filter(record -> record.tracks(sequence))
                .findFirst();
    }

    public TrackerRecord get(String recordId) {
        return new TrackerRecord(notion.getPage(recordId));
    }

    public TrackerRecord create(ObjectNode properties) {
        return new TrackerRecord(createPage(properties));
    }

    /** Sets {@code Email N Sent} on the record, in UTC with its offset. */
    public void markSent(String recordId, int emailNumber, Instant sentAt) {
        notion.updatePage(
                recordId,
                new PropertyValues()
                        .date(TrackerRecord.sentProperty(emailNumber), sentAt)
                        .build());
    }
}
