package com.busos.campaign.tracker;

import com.busos.campaign.notion.NotionApi;
import com.busos.campaign.notion.PropertyValues;
import java.time.Instant;

/** The optional Email Analytics database: one page per send attempt. */
public final class Analytics extends NotionDatabase {
    public Analytics(NotionApi notion, String databaseId) {
        super(notion, databaseId);
    }

    public void recordSent(String email, String template, int emailNumber, String resendEmailId, Instant at) {
        createPage(base(email, template, emailNumber, "sent", at)
                .richText("Resend Email ID", resendEmailId)
                .build());
    }

    public void recordFailed(String email, String template, int emailNumber, String error, Instant at) {
        createPage(base(email, template, emailNumber, "failed", at)
                .richText("Error Message", error)
                .build());
    }

    private static PropertyValues base(String email, String template, int emailNumber, String status, Instant at) {
        return new PropertyValues()
                .email("Email", email)
                .richText("Template ID", template)
                .number("Email Number", emailNumber)
                .select("Status", status)
                .date("Sent Date", at)
                .select("Campaign", "Christmas Campaign");
    }
}
