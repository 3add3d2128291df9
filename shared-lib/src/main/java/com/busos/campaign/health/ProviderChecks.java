package com.busos.campaign.health;

import com.busos.campaign.config.CampaignConfig;
import com.busos.campaign.config.Setting;
import com.busos.campaign.http.ProviderException;
import com.busos.campaign.http.Retrying;
import com.busos.campaign.notion.DataSource;
import com.busos.campaign.notion.DataSourceChoices;
import com.busos.campaign.notion.NotionClient;
import com.busos.campaign.ratelimit.RateLimitInterceptor;
import com.busos.campaign.ratelimit.RateLimiter;
import com.busos.campaign.resend.ResendClient;
import com.busos.campaign.tracker.Templates;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import lombok.RequiredArgsConstructor;
import okhttp3.OkHttpClient;

/**
 * The real Notion and Resend as {@link HealthCheck} asks them, through {@link NotionClient} and
 * {@link ResendClient} (no in-call retries): Notion's {@code GET /v1/users/me}, each database's data
 * source ({@code GET /v1/databases/{id}}), its Email Templates database, and Resend's
 * {@code GET /domains} (a sending-only key, which Resend answers 401 {@code restricted_api_key}, is
 * valid for sending and counts as accepted).
 */
@RequiredArgsConstructor
public final class ProviderChecks implements HealthCheck.Providers {
    private static final String USER_AGENT = "christmas-campaign-health/1.0 (openfaas)";

    private final CampaignConfig config;
    /** A client whose calls are short (the wiring gives {@value HealthCheck#CALL_TIMEOUT_SECONDS} s). */
    private final OkHttpClient http;
    /** The data sources chosen for the databases, as the functions' clients have them. */
    private final DataSourceChoices dataSources;

    private NotionClient notionClient(RateLimiter limiter) {
        return new NotionClient(
                NotionClient.builder(http, config.require(Setting.NOTION_TOKEN))
                        .retrying(Retrying.none())
                        .rateLimit(new RateLimitInterceptor(limiter))
                        .build(),
                config.notionBaseUrl(),
                dataSources);
    }

    @Override
    public HealthCheck.Check notion(RateLimiter limiter) {
        Optional<String> token = config.get(Setting.NOTION_TOKEN);
        if (token.isEmpty()) {
            return new HealthCheck.Check(
                    HealthCheck.NOTION, false, "not checked: " + Setting.NOTION_TOKEN.label() + " is not set");
        }
        try {
            String bot = notionClient(limiter).me().path("name").asText("");
            return new HealthCheck.Check(
                    HealthCheck.NOTION,
                    true,
                    "token accepted (GET /v1/users/me: 200" + (bot.isEmpty() ? "" : ", integration \"" + bot + "\"")
                            + ")");
        } catch (ProviderException failure) {
            if (unreachable(failure)) {
                return new HealthCheck.Check(
                        HealthCheck.NOTION,
                        false,
                        "Notion unreachable at " + config.notionBaseUrl() + ": "
                                + HealthCheck.describe(failure.getCause()));
            }
            if (failure.status() == 0)
                return new HealthCheck.Check(HealthCheck.NOTION, false, HealthCheck.describe(failure));
            return new HealthCheck.Check(
                    HealthCheck.NOTION,
                    false,
                    "Notion answered " + failure.status() + " " + (failure.code() == null ? "" : failure.code()) + ": "
                            + failure.detail());
        }
    }

    @Override
    public DataSource dataSource(String databaseId, RateLimiter limiter) {
        return notionClient(limiter).dataSourceOf(databaseId);
    }

    @Override
    public Templates templates(String databaseId, RateLimiter limiter) {
        return new Templates(notionClient(limiter), databaseId);
    }

    @Override
    public String templatesNote() {
        return "";
    }

    @Override
    public HealthCheck.Check resend(RateLimiter limiter) {
        Optional<String> key = config.get(Setting.RESEND_API_KEY);
        if (key.isEmpty()) {
            return new HealthCheck.Check(
                    HealthCheck.RESEND, false, "not checked: " + Setting.RESEND_API_KEY.label() + " is not set");
        }
        ResendClient resend = new ResendClient(
                ResendClient.builder(http, key.get(), USER_AGENT)
                        .retrying(Retrying.none())
                        .rateLimit(new RateLimitInterceptor(limiter))
                        .build(),
                config.resendBaseUrl());
        try {
            List<String> domains = new ArrayList<>();
            for (JsonNode domain : resend.domains().path("data")) {
                domains.add(domain.path("name").asText("?") + " ("
                        + domain.path("status").asText("?") + ")");
            }
            return new HealthCheck.Check(
                    HealthCheck.RESEND,
                    true,
                    "key accepted (GET /domains: 200; domains: "
                            + (domains.isEmpty() ? "none" : String.join(", ", domains)) + ")");
        } catch (ProviderException failure) {
            if (unreachable(failure)) {
                return new HealthCheck.Check(
                        HealthCheck.RESEND,
                        false,
                        "Resend unreachable at " + config.resendBaseUrl() + ": "
                                + HealthCheck.describe(failure.getCause()));
            }
            if (failure.status() == 0)
                return new HealthCheck.Check(HealthCheck.RESEND, false, HealthCheck.describe(failure));
            String name = failure.code() == null ? "" : failure.code();
            if (failure.status() == 401 && "restricted_api_key".equals(name)) {
                return new HealthCheck.Check(
                        HealthCheck.RESEND,
                        true,
                        "key accepted: a sending-only key (Resend: restricted_api_key: " + failure.detail()
                                + "), which can send emails but not list domains");
            }
            return new HealthCheck.Check(
                    HealthCheck.RESEND,
                    false,
                    "Resend answered " + failure.status() + " " + name + ": " + failure.detail());
        }
    }

    /** No answer came (connection refused or dropped, timeout): the provider's cause is the I/O failure. */
    private static boolean unreachable(ProviderException failure) {
        return failure.status() == 0 && "network_error".equals(failure.code()) && failure.getCause() != null;
    }
}
