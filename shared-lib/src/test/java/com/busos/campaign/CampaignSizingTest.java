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
    void withTheDefaultRatesATickIsWhatNotionAllowsInItsBudget() {
        // Notion 3/s, 3 requests per email: 1 email/s, 40 s budget.
        assertEquals(3, campaign(Map.of()).notionRequestsPerSend());
        assertEquals(40, campaign(Map.of()).sendsPerTick());
    }

    @Test
    void theAnalyticsPageIsCountedWhenItsDatabaseIsSet() {
        Map<Setting, String> settings = new EnumMap<>(Setting.class);
        settings.put(Setting.NOTION_EMAIL_ANALYTICS_DB_ID, "db-analytics");
        // 4 requests per email at 3/s: 0.75 email/s, 30 in a 40 s budget.
        assertEquals(4, campaign(settings).notionRequestsPerSend());
        assertEquals(30, campaign(settings).sendsPerTick());
    }
}
