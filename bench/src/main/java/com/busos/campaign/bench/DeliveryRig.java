package com.busos.campaign.bench;

import com.busos.campaign.Campaign;
import com.busos.campaign.config.CampaignConfig;
import com.busos.campaign.config.Setting;
import com.busos.campaign.dispatch.Dispatcher;
import com.busos.campaign.log.Log;
import com.busos.campaign.notion.PropertyValues;
import com.busos.campaign.schedule.Schedule;
import com.busos.campaign.schedule.ScheduledSend;
import com.busos.campaign.testing.FakeNotion;
import com.busos.campaign.testing.FakeResend;
import com.busos.campaign.testing.TestCampaign;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The campaign as the delivery benchmarks run it: the Notion and Resend stand-ins behind
 * {@link LimitedProvider}s (latency, a per-second limit, the providers' own 429), the real functions in
 * child JVMs ({@link FunctionJvm}), the embedded Redis, and the real {@link Dispatcher} in this JVM
 * ticking back to back, as the cron-connector's ticks would if they came one after the other.
 */
final class DeliveryRig implements AutoCloseable {
    final TestCampaign stands = new TestCampaign();
    final LimitedProvider notion;
    final LimitedProvider resend;
    private final Map<Setting, String> settings = new EnumMap<>(Setting.class);
    private FunctionJvm sendEmail;

    DeliveryRig(int notionLimit, int resendLimit, Duration latency, boolean analytics) {
        notion = LimitedProvider.notion(stands.notion, notionLimit, latency, DeliveryRig::notionKind);
        resend = LimitedProvider.resend(stands.resend, resendLimit, latency);
        settings.putAll(stands.settings());
        settings.put(Setting.NOTION_BASE_URL, notion.baseUrl());
        settings.put(Setting.RESEND_BASE_URL, resend.baseUrl());
        settings.put(Setting.NOTION_RATE_LIMIT, Integer.toString(notionLimit));
        settings.put(Setting.RESEND_RATE_LIMIT, Integer.toString(resendLimit));
        if (analytics) settings.put(Setting.NOTION_EMAIL_ANALYTICS_DB_ID, TestCampaign.ANALYTICS_DB);
    }

    /** What a Notion request is, by the database its data source or page belongs to. */
    static String notionKind(String method, String path) {
        if (path.startsWith("/v1/databases/")) return "Notion find data source";
        if (path.endsWith("/query")) {
            String source = path.substring("/v1/data_sources/".length(), path.length() - "/query".length());
            return "Notion query " + databaseName(source);
        }
        if (method.equals("POST") && path.equals("/v1/pages")) return "Notion create page";
        if (method.equals("PATCH") && path.startsWith("/v1/pages/")) return "Notion update page";
        if (method.equals("GET") && path.startsWith("/v1/pages/")) return "Notion get page";
        return "Notion " + method + " " + path;
    }

    private static String databaseName(String dataSource) {
        if (dataSource.equals(FakeNotion.dataSourceOf(TestCampaign.TRACKER_DB))) return "tracker";
        if (dataSource.equals(FakeNotion.dataSourceOf(TestCampaign.CONTACTS_DB))) return "contacts";
        if (dataSource.equals(FakeNotion.dataSourceOf(TestCampaign.TEMPLATES_DB))) return "templates";
        if (dataSource.equals(FakeNotion.dataSourceOf(TestCampaign.ANALYTICS_DB))) return "analytics";
        return dataSource;
    }

    /** The settings every function of the rig gets (a copy). */
    Map<Setting, String> settings() {
        return new EnumMap<>(settings);
    }

    void set(Setting setting, String value) {
        settings.put(setting, value);
    }

    String prefix() {
        return stands.redisPrefix;
    }

    FunctionJvm start(String function, String tag) {
        return FunctionJvm.start(function, settings, tag);
    }

    /** (Re)starts send-email with the settings now in force. */
    void startSendEmail(String tag) {
        if (sendEmail != null) sendEmail.close();
        sendEmail = start("send-email", tag);
    }

    /** This JVM's campaign, its hand-offs going to the send-email process. */
    Campaign campaign() {
        Map<Setting, String> mine = settings();
        mine.put(Setting.GATEWAY_URL, sendEmail.baseUrl());
        return new Campaign(CampaignConfig.of(mine), Clock.systemUTC());
    }

    /**
     * A lead of the 5-day sequence with its tracker record in {@code notion}, and its {@code 5-Day E2}
     * scheduled at {@code due} (the tracker record's id standing for the sequence, as a lead taken in
     * before intake moved to Redis): the send the delivery benchmarks deliver.
     */
    static ScheduledSend dueE2(FakeNotion notion, Schedule schedule, String email, int i, Instant due) {
        String tracker = notion.addPage(
                TestCampaign.TRACKER_DB,
                new PropertyValues()
                        .title("Name", email)
                        .email("Email", email)
                        .richText("First Name", "Lead" + i)
                        .select("Template Type", "5day")
                        .build());
        ScheduledSend send = new ScheduledSend(
                "5day",
                2,
                "5-Day E2",
                email,
                tracker,
                Map.of("first_name", "Lead" + i, "business_name", "Salon " + i, "segment", "OPTIMIZE"));
        schedule.add(send, due);
        return send;
    }

    /** Idempotency keys the Resend stand-in delivered more than once. */
    static long duplicates(FakeResend resend) {
        Map<String, Integer> perKey = new java.util.HashMap<>();
        for (FakeResend.Delivered email : resend.delivered()) perKey.merge(email.idempotencyKey, 1, Integer::sum);
        return perKey.values().stream().filter(count -> count > 1).count();
    }

    static Log quiet(String function) {
        return Log.to(function, new PrintStream(OutputStream.nullOutputStream()));
    }

    /**
     * Ticks {@code dispatcher} back to back until {@code done} or {@code until} (System.nanoTime); a tick
     * that claims nothing is followed by a short pause. Answers the ticks that claimed something.
     */
    static int tickUntil(Dispatcher dispatcher, BooleanSupplier done, long until) {
        int ticks = 0;
        while (!done.getAsBoolean() && System.nanoTime() < until) {
            var answer = dispatcher.tick();
            if (answer.path("claimed").asInt() + answer.path("jobs_claimed").asInt() > 0) ticks++;
            else ChildJvm.sleep(50);
        }
        return ticks;
    }

    /**
     * Nothing claimed and nothing due within ten minutes (a retry waits seconds; the next emails of a
     * sequence a day): the CRM work and the emails due so far are all done.
     */
    static boolean idle(Schedule schedule) {
        return schedule.countClaimed() == 0
                && schedule.countDue(java.time.Instant.now().plus(Duration.ofMinutes(10))) == 0;
    }

    @Override
    public void close() {
        if (sendEmail != null) sendEmail.close();
        notion.close();
        resend.close();
        stands.close();
    }
}
