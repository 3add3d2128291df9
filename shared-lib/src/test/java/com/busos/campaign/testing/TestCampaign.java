package com.busos.campaign.testing;

import com.busos.campaign.config.CampaignConfig;
import com.busos.campaign.config.Setting;
import com.busos.campaign.sequence.Sequence;
import com.busos.campaign.sequence.SequenceEmail;
import com.busos.campaign.sequence.Sequences;
import com.busos.campaign.webhook.StandardWebhookSignature;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A whole campaign's surroundings for a test: a Notion stand-in with the four databases (templates
 * seeded for every sequence email), a Resend stand-in, and a real Redis with a key prefix of its own.
 */
public final class TestCampaign implements AutoCloseable {
    public static final String TEMPLATES_DB = "db-templates";
    public static final String TRACKER_DB = "db-tracker";
    public static final String CONTACTS_DB = "db-contacts";
    public static final String ANALYTICS_DB = "db-analytics";
    /** The website webhooks' secret of a test campaign (set, as a real deploy has it: unsigned calls are 401). */
    public static final String WEBHOOK_SECRET = "whsec_"
            + Base64.getEncoder().encodeToString("test campaign website webhook key".getBytes(StandardCharsets.UTF_8));

    public final FakeNotion notion = new FakeNotion();
    public final FakeResend resend = new FakeResend();
    public final String redisPrefix = TestRedis.uniquePrefix();

    public TestCampaign() {
        notion.schema(
                TEMPLATES_DB,
                Map.of("Template Name", "title", "Subject Line", "rich_text", "Email Body HTML", "rich_text"));
        notion.trackerSchema(TRACKER_DB);
        notion.schema(CONTACTS_DB, Map.of("Name", "title", "email", "email", "Segment", "select"));
        notion.schema(ANALYTICS_DB, Map.of("Email", "email", "Status", "select"));
        for (Sequence sequence : Sequences.all()) {
            for (SequenceEmail email : sequence.emails()) {
                notion.addTemplate(
                        TEMPLATES_DB,
                        email.template(),
                        sampleSubject(email.template()),
                        sampleHtml(email.template(), sequence));
            }
        }
    }

    /** Subject of the seeded template: names the template and the contact. */
    public static String sampleSubject(String template) {
        return "{{first_name}}, " + template + " for {{business_name}}";
    }

    /** The footer every template shows (the template check requires it). */
    public static final String SAMPLE_FOOTER = "<p><a href=\"{{unsubscribe_url}}\">unsubscribe</a></p>";

    /** Body of the seeded template: names the template, uses the sequence's own variables, then the footer. */
    public static String sampleHtml(String template, Sequence sequence) {
        StringBuilder html = new StringBuilder("<p>Hi {{first_name}} [" + template + "]</p>"
                + "<p>Segment {{segment}}, score {{assessment_score}}, leak ${{TotalRevenueLeak_K}}K</p>");
        for (String variable : sequence.variables())
            html.append("<p>").append(variable).append("={{").append(variable).append("}}</p>");
        return html.append(SAMPLE_FOOTER).toString();
    }

    /** The settings of a fully configured campaign against these stand-ins. */
    public Map<Setting, String> settings() {
        Map<Setting, String> settings = new EnumMap<>(Setting.class);
        settings.put(Setting.NOTION_TOKEN, FakeNotion.TOKEN);
        settings.put(Setting.NOTION_BASE_URL, notion.baseUrl());
        settings.put(Setting.NOTION_EMAIL_TEMPLATES_DB_ID, TEMPLATES_DB);
        settings.put(Setting.NOTION_EMAIL_SEQUENCE_DB_ID, TRACKER_DB);
        settings.put(Setting.NOTION_BUSINESSX_DB_ID, CONTACTS_DB);
        settings.put(Setting.RESEND_API_KEY, FakeResend.API_KEY);
        settings.put(Setting.RESEND_BASE_URL, resend.baseUrl());
        settings.put(Setting.REDIS_URL, TestRedis.url());
        settings.put(Setting.REDIS_KEY_PREFIX, redisPrefix);
        settings.put(Setting.EMAIL_FROM, "Campaign Test <campaign@example.com>");
        settings.put(Setting.WEBHOOK_SECRET, WEBHOOK_SECRET);
        return settings;
    }

    /**
     * {@code headers} with the Standard Webhooks headers of {@code body} signed with {@code secret} (a new
     * webhook-id each time), as the website sends them.
     */
    public static Map<String, String> signed(String secret, String body, Map<String, String> headers) {
        Map<String, String> signed = new HashMap<>(headers);
        String id = "msg_" + UUID.randomUUID();
        long now = Instant.now().getEpochSecond();
        signed.put("webhook-id", id);
        signed.put("webhook-timestamp", Long.toString(now));
        signed.put("webhook-signature", StandardWebhookSignature.sign(secret, id, now, body == null ? "" : body));
        return signed;
    }

    public CampaignConfig config() {
        return CampaignConfig.of(settings());
    }

    /** Makes these settings the process's (system properties), as the local gateway does. */
    public void applyAsSystemProperties() {
        settings().forEach((setting, value) -> System.setProperty(setting.envName(), value));
    }

    /** Removes every setting this class may have put in system properties. */
    public static void clearSystemProperties() {
        for (Setting setting : Setting.values()) System.clearProperty(setting.envName());
    }

    @Override
    public void close() {
        notion.close();
        resend.close();
    }
}
