package com.busos.campaign.suppression;

import com.busos.campaign.notion.NotionApi;
import com.busos.campaign.notion.NotionPage;
import com.busos.campaign.notion.PropertyValues;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import lombok.RequiredArgsConstructor;

/**
 * Resend's delivery events on the Email Analytics database: the page whose {@code Resend Email ID} is
 * the event's email id gets its {@code Status} select set to the event (delivered, opened, clicked,
 * bounced …). Events can arrive out of order, so a status never goes back: opened is not replaced by
 * a late delivered; a failure (bounced, complained, failed, suppressed) is never replaced.
 */
@RequiredArgsConstructor
public final class AnalyticsStatuses {
    public static final String RESEND_EMAIL_ID = "Resend Email ID";
    public static final String STATUS = "Status";

    private static final Map<String, Integer> RANK = Map.ofEntries(
            Map.entry("sent", 1),
            Map.entry("scheduled", 1),
            Map.entry("delivery_delayed", 2),
            Map.entry("soft_bounced", 2),
            Map.entry("delivered", 3),
            Map.entry("opened", 4),
            Map.entry("clicked", 5),
            Map.entry("bounced", 10),
            Map.entry("complained", 10),
            Map.entry("failed", 10),
            Map.entry("suppressed", 10));

    private final NotionApi notion;
    private final String databaseId;

    /** "updated", "unchanged" (already at this or a later status) or "not_found". */
    public String update(String resendEmailId, String status) {
        ObjectNode filter = JsonNodeFactory.instance.objectNode().put("property", RESEND_EMAIL_ID);
        filter.set("rich_text", JsonNodeFactory.instance.objectNode().put("equals", resendEmailId));
        List<NotionPage> pages = notion.queryDatabase(databaseId, filter);
        if (pages.isEmpty()) return "not_found";
        String result = "unchanged";
        for (NotionPage page : pages) {
            String current = page.selectName(STATUS).orElse("");
            if (current.equals(status) || RANK.getOrDefault(current, 0) > RANK.getOrDefault(status, 0)) continue;
            notion.updatePage(
                    page.id(), new PropertyValues().select(STATUS, status).build());
            result = "updated";
        }
        return result;
    }
}
