package com.busos.campaign.sandbox;

import com.busos.campaign.health.HealthCheck;
import com.busos.campaign.notion.DataSource;
import com.busos.campaign.ratelimit.RateLimiter;
import com.busos.campaign.tracker.Templates;
import java.time.Clock;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

/** The sandbox's side of campaign-health: Notion is the local store, Resend the outbox; neither is called. */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
final class SandboxHealth implements HealthCheck.Providers {
    private final Sandbox sandbox;
    private final Clock clock;

    @Override
    public HealthCheck.Check notion(RateLimiter limiter) {
        return new HealthCheck.Check(
                HealthCheck.NOTION,
                true,
                "sandbox mode: Notion is the local store in " + sandbox.notionFolder() + ", not called");
    }

    /** Each database of the local store is one data source, with the database's id: NOTION_*_DATA_SOURCE_ID are not read. */
    @Override
    public DataSource dataSource(String databaseId, RateLimiter limiter) {
        return new DataSource(databaseId, "sandbox: the local store");
    }

    @Override
    public Templates templates(String databaseId, RateLimiter limiter) {
        return new Templates(sandbox.notion(databaseId, clock), databaseId);
    }

    @Override
    public String templatesNote() {
        return " (sandbox: the template files in " + sandbox.templatesFolder() + ")";
    }

    @Override
    public HealthCheck.Check resend(RateLimiter limiter) {
        return new HealthCheck.Check(
                HealthCheck.RESEND,
                true,
                "sandbox mode: emails go to the outbox in " + sandbox.outboxFolder() + ", Resend not called");
    }
}
