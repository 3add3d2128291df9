package com.busos.campaign.suppression;

import com.busos.campaign.config.Setting;
import com.busos.campaign.http.ProviderException;
import com.busos.campaign.log.Log;
import com.busos.campaign.notion.NotionApi;
import com.busos.campaign.notion.PropertyValues;
import com.busos.campaign.tracker.TrackerRecord;
import com.busos.campaign.tracker.Trackers;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import lombok.RequiredArgsConstructor;

/**
 * An address unsubscribed through its link: it is suppressed and its pending sends cancelled (what
 * stops the email, in Redis, first), then each of its tracker records gets {@code Sequence Completed}
 * and {@code Unsubscribed At}. A tracker that cannot be marked (Notion down, or a database without the
 * {@code Unsubscribed At} date property) is logged and does not fail the unsubscribe: no email goes to
 * the address either way, and RFC 8058 wants the one-click POST answered 200.
 */
@RequiredArgsConstructor
public final class UnsubscribeService {
    /** unsubscribe: the link's secret, and Notion to mark the tracker records. */
    public static final List<Setting> SETTINGS =
            List.of(Setting.UNSUBSCRIBE_SECRET, Setting.NOTION_TOKEN, Setting.NOTION_EMAIL_SEQUENCE_DB_ID);

    public static final String UNSUBSCRIBED_AT = "Unsubscribed At";
    public static final String SEQUENCE_COMPLETED = "Sequence Completed";

    private final SuppressionService suppression;
    private final Trackers trackers;
    private final NotionApi notion;
    private final Clock clock;
    private final Log log;

    /** {@code via}: how the address unsubscribed ("one-click", "confirmation page"). */
    public ObjectNode unsubscribe(String address, String via) {
        SuppressionService.Outcome outcome = suppression.suppress(address, Suppressions.UNSUBSCRIBED, via);
        int marked = 0;
        boolean trackersUpdated = true;
        try {
            marked = markTrackers(address);
        } catch (RuntimeException failure) {
            trackersUpdated = false;
            log.error("unsubscribe.tracker_update_failed")
                    .with("email", address)
                    .with("detail", "the address is suppressed; its tracker records were not marked")
                    .error(failure)
                    .write();
        }
        log.info("unsubscribe.done")
                .with("email", address)
                .with("via", via)
                .with("cancelled_sends", outcome.cancelledSends().size())
                .with("trackers_marked", marked)
                .write();
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.put("status", "unsubscribed");
        answer.put("email", address);
        answer.put("already_unsubscribed", !outcome.newlySuppressed());
        ArrayNode cancelled = answer.putArray("cancelled_sends");
        outcome.cancelledSends().forEach(cancelled::add);
        answer.put("trackers_marked", marked);
        answer.put("trackers_updated", trackersUpdated);
        return answer;
    }

    private int markTrackers(String address) {
        Instant now = clock.instant();
        List<TrackerRecord> records = trackers.findByEmail(address);
        int marked = 0;
        for (TrackerRecord record : records) {
            if (record.sequenceCompleted()
                    && record.page().dateStart(UNSUBSCRIBED_AT).isPresent()) continue;
            try {
                notion.updatePage(
                        record.id(),
                        new PropertyValues()
                                .checkbox(SEQUENCE_COMPLETED, true)
                                .date(UNSUBSCRIBED_AT, now)
                                .build());
            } catch (ProviderException rejected) {
                if (rejected.retryable()) throw rejected;
                // Most likely the database has no "Unsubscribed At" date property: mark what exists.
                log.warn("unsubscribe.tracker_property_missing")
                        .with("email", address)
                        .with("sequence_id", record.id())
                        .with("detail", "add a date property '" + UNSUBSCRIBED_AT + "' to the Email Sequence database")
                        .error(rejected)
                        .write();
                notion.updatePage(
                        record.id(),
                        new PropertyValues().checkbox(SEQUENCE_COMPLETED, true).build());
            }
            marked++;
        }
        return marked;
    }
}
