package com.busos.campaign.config;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

/** An immutable snapshot of every setting, with the defaults applied. Equal snapshots share clients. */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
public final class CampaignConfig {
    public static final String DEFAULT_NOTION_BASE_URL = "https://api.notion.com";
    public static final String DEFAULT_RESEND_BASE_URL = "https://api.resend.com";
    public static final String DEFAULT_EMAIL_FROM = "Sang Le - BusOS <value@galatek.dev>";
    public static final String DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";
    public static final String DEFAULT_GATEWAY_URL = "http://gateway:8080";

    private final Map<Setting, String> values;
    private final Clock clock;

    public static CampaignConfig load() {
        return from(ConfigSource.system());
    }

    public static CampaignConfig from(ConfigSource source) {
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        for (Setting setting : Setting.values()) {
            source.get(setting).ifPresent(value -> values.put(setting, value));
        }
        return new CampaignConfig(values, Clock.systemUTC());
    }

    /** For tests and tools: exactly these values, nothing read from the machine. */
    public static CampaignConfig of(Map<Setting, String> values) {
        Map<Setting, String> copy = new EnumMap<>(Setting.class);
        copy.putAll(values);
        return new CampaignConfig(copy, Clock.systemUTC());
    }

    /** The same values, with the season's defaults (deadline, campaign name) taken on {@code clock}. */
    public CampaignConfig withClock(Clock clock) {
        return new CampaignConfig(values, clock);
    }

    public Optional<String> get(Setting setting) {
        return Optional.ofNullable(values.get(setting));
    }

    /** The value of a required setting; throws naming it when absent. */
    public String require(Setting setting) {
        String value = values.get(setting);
        if (value == null) throw new MissingConfigurationException(List.of(setting));
        return value;
    }

    /** Throws one exception naming every absent setting of {@code required}. */
    public void requireAll(List<Setting> required) {
        List<Setting> missing = new ArrayList<>();
        for (Setting setting : required) {
            if (!values.containsKey(setting)) missing.add(setting);
        }
        if (!missing.isEmpty()) throw new MissingConfigurationException(missing);
    }

    /** Only a case-insensitive "true" turns testing mode on, as in the original system. */
    public boolean testingMode() {
        return "true".equalsIgnoreCase(values.get(Setting.TESTING_MODE));
    }

    public String notionBaseUrl() {
        return values.getOrDefault(Setting.NOTION_BASE_URL, DEFAULT_NOTION_BASE_URL);
    }

    public String resendBaseUrl() {
        return values.getOrDefault(Setting.RESEND_BASE_URL, DEFAULT_RESEND_BASE_URL);
    }

    public String emailFrom() {
        return values.getOrDefault(Setting.EMAIL_FROM, DEFAULT_EMAIL_FROM);
    }

    public String redisUrl() {
        return values.getOrDefault(Setting.REDIS_URL, DEFAULT_REDIS_URL);
    }

    /**
     * REDIS_CLUSTER_NODES when set (not blank): the functions then use a Redis Cluster client, and
     * REDIS_URL (which stack.yml always sets) is not used.
     */
    public Optional<String> redisClusterNodes() {
        String nodes = values.get(Setting.REDIS_CLUSTER_NODES);
        return nodes == null || nodes.trim().isEmpty() ? Optional.empty() : Optional.of(nodes.trim());
    }

    /** Where the functions' Redis is, for logs and the health check (no password). */
    public String redisLocation() {
        return redisClusterNodes()
                .map(nodes -> "cluster " + nodes)
                .orElseGet(() -> redisUrl().replaceAll("//([^:@/]*):[^@/]*@", "//$1:***@"));
    }

    public String redisKeyPrefix() {
        return values.getOrDefault(Setting.REDIS_KEY_PREFIX, "campaign");
    }

    public String gatewayUrl() {
        return values.getOrDefault(Setting.GATEWAY_URL, DEFAULT_GATEWAY_URL);
    }

    /** CAMPAIGN_NAME, or "Christmas &lt;the deadline's year&gt;" ({@link Season}). */
    public String campaignName() {
        String name = values.get(Setting.CAMPAIGN_NAME);
        return name != null ? name : Season.campaignName(campaignDeadline());
    }

    /** CAMPAIGN_DEADLINE, or the current season's: the next 5 December ({@link Season}). */
    public LocalDate campaignDeadline() {
        String raw = values.get(Setting.CAMPAIGN_DEADLINE);
        if (raw == null) return Season.current(clock).deadline();
        try {
            return LocalDate.parse(raw);
        } catch (DateTimeParseException e) {
            throw new IllegalStateException(
                    "CAMPAIGN_DEADLINE must be a date like "
                            + Season.current(clock).deadline() + ", got: " + raw,
                    e);
        }
    }

    public int intSetting(Setting setting, int defaultValue) {
        String raw = values.get(setting);
        if (raw == null) return defaultValue;
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(setting.envName() + " must be a whole number, got: " + raw, e);
        }
    }

    public double doubleSetting(Setting setting, double defaultValue) {
        String raw = values.get(setting);
        if (raw == null) return defaultValue;
        try {
            double value = Double.parseDouble(raw);
            if (value <= 0 || Double.isNaN(value) || Double.isInfinite(value)) throw new NumberFormatException();
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalStateException(setting.envName() + " must be a positive number, got: " + raw, e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CampaignConfig && ((CampaignConfig) other).values.equals(values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(values);
    }

    /** Names the settings that are set, never their values. */
    @Override
    public String toString() {
        return "CampaignConfig" + values.keySet();
    }
}
