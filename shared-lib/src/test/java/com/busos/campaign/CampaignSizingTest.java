package com.busos.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.busos.campaign.config.CampaignConfig;
import com.busos.campaign.config.Setting;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A dispatcher tick is sized by what one email costs at each provider. */
class CampaignSizingTest {

    private static Campaign campaign(Map<Setting, String> settings) {
        return new Campaign(CampaignConfig.of(settings), Clock.systemUTC());
    }

    @Test
    void withTheDefaultRatesATickIsWhatResendAllowsInItsBudget() {
        // One Notion request per email (its Email N Sent job) at 3/s, Resend at 2/s: 2 emails/s, 40 s budget.
        assertEquals(1, campaign(Map.of()).notionRequestsPerSend());
        assertEquals(80, campaign(Map.of()).sendsPerTick());
    }

    @Test
    void theAnalyticsPageIsCountedWhenItsDatabaseIsSet() {
        Map<Setting, String> settings = new EnumMap<>(Setting.class);
        settings.put(Setting.NOTION_EMAIL_ANALYTICS_DB_ID, "db-analytics");
        // 2 requests per email at 3/s: 1.5 emails/s, 60 in a 40 s budget.
        assertEquals(2, campaign(settings).notionRequestsPerSend());
        assertEquals(60, campaign(settings).sendsPerTick());
    }
}
