package com.busos.campaign.sandbox;

import com.busos.campaign.LocalStandIns;
import com.busos.campaign.config.CampaignConfig;
import com.busos.campaign.config.Setting;
import com.busos.campaign.health.HealthCheck;
import com.busos.campaign.templatefiles.TemplateFiles;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import lombok.AccessLevel;
import lombok.Getter;
import lombok.RequiredArgsConstructor;

/**
 * Sandbox mode: the whole campaign without Notion or Resend. When {@code SANDBOX_DIR} is set,
 * {@link com.busos.campaign.Campaign} finds this class through {@link LocalStandIns} ({@link
 * Provider}, registered in META-INF/services) and builds a {@link LocalNotion} (pages in
 * {@code SANDBOX_DIR/notion/}, templates from the template files) and an {@link Outbox}
 * ({@code SANDBOX_DIR/outbox/}) instead of the real clients, and the settings those clients would
 * need are given sandbox values: the functions run unchanged and never know. This module is on the
 * local gateway's and the tools' class path only, never in a function's image.
 */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
public final class Sandbox implements LocalStandIns {
    public static final String TEMPLATES_DB = "sandbox-templates";
    public static final String TRACKER_DB = "sandbox-tracker";
    public static final String CONTACTS_DB = "sandbox-contacts";
    public static final String ANALYTICS_DB = "sandbox-analytics";
    /** Stands in for notion-token and resend-api-key, which the sandbox never uses. */
    public static final String NO_CREDENTIAL = "sandbox";

    public static final String DEFAULT_TEMPLATES_DIR = "templates";

    @Getter
    private final Path folder;

    private final Path templatesFolder;

    /** The sandbox for {@link LocalStandIns#of}. */
    public static final class Provider implements LocalStandIns.Provider {
        @Override
        public LocalStandIns open(CampaignConfig config) {
            return of(config).orElseThrow(() -> new IllegalArgumentException("SANDBOX_DIR is not set"));
        }
    }

    /** The sandbox of this configuration, when SANDBOX_DIR is set. */
    public static Optional<Sandbox> of(CampaignConfig config) {
        return config.get(Setting.SANDBOX_DIR).map(dir -> new Sandbox(Paths.get(dir), templatesFolder(config)));
    }

    /** TEMPLATES_DIR, or {@code templates} in the working folder. */
    public static Path templatesFolder(CampaignConfig config) {
        return Paths.get(config.get(Setting.TEMPLATES_DIR).orElse(DEFAULT_TEMPLATES_DIR));
    }

    /**
     * In sandbox mode, the configuration with the settings the real clients need filled in where
     * unset: the four database ids, placeholder credentials and TESTING_MODE=true (minutes, not days). The deadline and
     * the campaign's name follow the season where unset, as everywhere ({@code config.Season}).
     * Otherwise the configuration as it is.
     */
    public static CampaignConfig filledIn(CampaignConfig config) {
        if (config.get(Setting.SANDBOX_DIR).isEmpty()) return config;
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        for (Setting setting : Setting.values()) config.get(setting).ifPresent(value -> values.put(setting, value));
        values.putIfAbsent(Setting.NOTION_TOKEN, NO_CREDENTIAL);
        values.putIfAbsent(Setting.RESEND_API_KEY, NO_CREDENTIAL);
        values.putIfAbsent(Setting.NOTION_EMAIL_TEMPLATES_DB_ID, TEMPLATES_DB);
        values.putIfAbsent(Setting.NOTION_EMAIL_SEQUENCE_DB_ID, TRACKER_DB);
        values.putIfAbsent(Setting.NOTION_BUSINESSX_DB_ID, CONTACTS_DB);
        values.putIfAbsent(Setting.NOTION_EMAIL_ANALYTICS_DB_ID, ANALYTICS_DB);
        values.putIfAbsent(Setting.TESTING_MODE, "true");
        CampaignConfig filled = CampaignConfig.of(values);
        return filled.equals(config) ? config : filled;
    }

    @Override
    public CampaignConfig withDefaults(CampaignConfig config) {
        return filledIn(config);
    }

    public Path notionFolder() {
        return folder.resolve("notion");
    }

    public Path outboxFolder() {
        return folder.resolve("outbox");
    }

    @Override
    public Path templatesFolder() {
        return templatesFolder;
    }

    @Override
    public LocalNotion notion(String templatesDatabaseId, Clock clock) {
        return new LocalNotion(notionFolder(), new TemplateFiles(templatesFolder), templatesDatabaseId, clock);
    }

    /** campaign-health's view of the sandbox's Notion and Resend. */
    @Override
    public HealthCheck.Providers health(Clock clock) {
        return new SandboxHealth(this, clock);
    }

    @Override
    public Outbox mailer(Clock clock) {
        return new Outbox(outboxFolder(), clock);
    }
}
