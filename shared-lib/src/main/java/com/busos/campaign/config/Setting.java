package com.busos.campaign.config;

import java.util.List;
import java.util.Optional;

/**
 * Every setting the campaign reads. A setting with a secret name is read from the OpenFaaS secret file
 * {@code /var/openfaas/secrets/<secret>} first; every setting falls back to its environment variable.
 */
public enum Setting {
    NOTION_TOKEN("notion-token", "NOTION_TOKEN"),
    NOTION_EMAIL_TEMPLATES_DB_ID("notion-email-templates-db-id", "NOTION_EMAIL_TEMPLATES_DB_ID"),
    NOTION_EMAIL_SEQUENCE_DB_ID("notion-email-sequence-db-id", "NOTION_EMAIL_SEQUENCE_DB_ID"),
    NOTION_BUSINESSX_DB_ID("notion-businessx-db-id", "NOTION_BUSINESSX_DB_ID"),
    NOTION_EMAIL_ANALYTICS_DB_ID("notion-email-analytics-db-id", "NOTION_EMAIL_ANALYTICS_DB_ID"),
    RESEND_API_KEY("resend-api-key", "RESEND_API_KEY"),
    TESTING_MODE("testing-mode", "TESTING_MODE"),
    REDIS_PASSWORD("redis-password", "REDIS_PASSWORD"),
    CALENDLY_SIGNING_KEY("calendly-signing-key", "CALENDLY_SIGNING_KEY"),
    WEBHOOK_SECRET("webhook-secret", "WEBHOOK_SECRET"),
    UNSUBSCRIBE_SECRET("unsubscribe-secret", "UNSUBSCRIBE_SECRET"),
    RESEND_WEBHOOK_SECRET("resend-webhook-secret", "RESEND_WEBHOOK_SECRET"),
    ADMIN_TOKEN("admin-token", "ADMIN_TOKEN"),
    /**
     * A token for campaign-admin's /metrics only (Prometheus's scrape), when set; the admin token
     * answers /metrics too. Optional.
     */
    METRICS_TOKEN("metrics-token", "METRICS_TOKEN"),

    REDIS_URL(null, "REDIS_URL"),
    /**
     * A Redis Cluster instead of one node: {@code host:port,host:port,...} (some of its nodes); when set,
     * REDIS_URL is not used. REDIS_USER and redis-password apply to every node.
     */
    REDIS_CLUSTER_NODES(null, "REDIS_CLUSTER_NODES"),
    REDIS_USER(null, "REDIS_USER"),
    REDIS_KEY_PREFIX(null, "REDIS_KEY_PREFIX"),
    NOTION_BASE_URL(null, "NOTION_BASE_URL"),
    RESEND_BASE_URL(null, "RESEND_BASE_URL"),
    EMAIL_FROM(null, "EMAIL_FROM"),
    GATEWAY_URL(null, "GATEWAY_URL"),
    CAMPAIGN_NAME(null, "CAMPAIGN_NAME"),
    CAMPAIGN_DEADLINE(null, "CAMPAIGN_DEADLINE"),
    /** Sandbox mode when set: Notion is a local store and emails go to an outbox, both in this folder. */
    SANDBOX_DIR(null, "SANDBOX_DIR"),
    /** The template files (subject + HTML), the sandbox's templates database; default {@code templates}. */
    TEMPLATES_DIR(null, "TEMPLATES_DIR"),
    DISPATCH_BATCH_SIZE(null, "DISPATCH_BATCH_SIZE"),
    SEND_MAX_ATTEMPTS(null, "SEND_MAX_ATTEMPTS"),
    DEAD_LETTER_MAX_ENTRIES(null, "DEAD_LETTER_MAX_ENTRIES"),
    DEAD_LETTER_MAX_AGE_DAYS(null, "DEAD_LETTER_MAX_AGE_DAYS"),
    NOTION_RATE_LIMIT(null, "NOTION_RATE_LIMIT"),
    RESEND_RATE_LIMIT(null, "RESEND_RATE_LIMIT"),
    /** The gateway's public address, for the unsubscribe links in emails (e.g. https://faas.example.com). */
    PUBLIC_GATEWAY_URL(null, "PUBLIC_GATEWAY_URL"),
    /**
     * How the website webhooks are authenticated without a webhook-secret: {@code signed} (the default:
     * every call refused) or {@code none} (unsigned calls accepted, except by those that cancel sequences).
     */
    WEBHOOK_AUTH(null, "WEBHOOK_AUTH"),
    /** Calls a minute one client may make to the intake webhooks (default 600; 0: no limit). */
    INTAKE_CLIENT_LIMIT_PER_MINUTE(null, "INTAKE_CLIENT_LIMIT_PER_MINUTE"),
    /** New enrolments a UTC day, over every sequence but onboarding (default 2,000; 0: no cap). */
    INTAKE_DAILY_ENROLMENT_CAP(null, "INTAKE_DAILY_ENROLMENT_CAP"),
    /**
     * Which data source of the Email Templates database holds the templates; needed only when that
     * database has several (Notion API 2025-09-03: a database is a container of data sources).
     */
    NOTION_EMAIL_TEMPLATES_DATA_SOURCE_ID(null, "NOTION_EMAIL_TEMPLATES_DATA_SOURCE_ID"),
    /** Which data source of the Email Sequence (tracker) database to use, when it has several. */
    NOTION_EMAIL_SEQUENCE_DATA_SOURCE_ID(null, "NOTION_EMAIL_SEQUENCE_DATA_SOURCE_ID"),
    /** Which data source of the BusinessX (contacts) database to use, when it has several. */
    NOTION_BUSINESSX_DATA_SOURCE_ID(null, "NOTION_BUSINESSX_DATA_SOURCE_ID"),
    /** Which data source of the Email Analytics database to use, when it has several. */
    NOTION_EMAIL_ANALYTICS_DATA_SOURCE_ID(null, "NOTION_EMAIL_ANALYTICS_DATA_SOURCE_ID");

    /** The four Notion databases' settings, each with its {@link #dataSourceSetting()}. */
    public static final List<Setting> NOTION_DATABASES = List.of(
            NOTION_EMAIL_TEMPLATES_DB_ID,
            NOTION_EMAIL_SEQUENCE_DB_ID,
            NOTION_BUSINESSX_DB_ID,
            NOTION_EMAIL_ANALYTICS_DB_ID);

    private final String secretName;
    private final String envName;

    Setting(String secretName, String envName) {
        this.secretName = secretName;
        this.envName = envName;
    }

    /** The OpenFaaS secret's name, or null for plain environment settings. */
    public String secretName() {
        return secretName;
    }

    public String envName() {
        return envName;
    }

    /** For a Notion database's setting, the one that chooses its data source when it has several. */
    public Optional<Setting> dataSourceSetting() {
        switch (this) {
            case NOTION_EMAIL_TEMPLATES_DB_ID:
                return Optional.of(NOTION_EMAIL_TEMPLATES_DATA_SOURCE_ID);
            case NOTION_EMAIL_SEQUENCE_DB_ID:
                return Optional.of(NOTION_EMAIL_SEQUENCE_DATA_SOURCE_ID);
            case NOTION_BUSINESSX_DB_ID:
                return Optional.of(NOTION_BUSINESSX_DATA_SOURCE_ID);
            case NOTION_EMAIL_ANALYTICS_DB_ID:
                return Optional.of(NOTION_EMAIL_ANALYTICS_DATA_SOURCE_ID);
            default:
                return Optional.empty();
        }
    }

    /** How an operator recognises the setting in an error: {@code notion-token (NOTION_TOKEN)}. */
    public String label() {
        return secretName == null ? envName : secretName + " (" + envName + ")";
    }
}
