package com.busos.campaign.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.Campaign;
import com.busos.campaign.config.CampaignConfig;
import com.busos.campaign.log.Log;
import com.busos.campaign.testing.PrometheusTextParser;
import com.busos.campaign.testing.PrometheusTextParser.Family;
import com.busos.campaign.testing.PrometheusTextParser.Sample;
import com.busos.campaign.testing.TestCampaign;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * deploy/grafana-campaign-dashboard.json is valid JSON, and every metric its queries name is one
 * campaign-admin's /metrics exposes (with the label values its selectors ask for); every family
 * /metrics exposes has a panel.
 */
class DashboardTest {
    private static final Path DASHBOARD = Path.of("..", "deploy", "grafana-campaign-dashboard.json");
    private static final Pattern METRIC = Pattern.compile("\\b(campaign_[a-zA-Z0-9_:]*)(\\{([^}]*)\\})?");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*=\\s*\"([^\"]*)\"");

    @Test
    void everyMetricTheDashboardQueriesIsExposed() throws Exception {
        Map<String, Family> exposed;
        try (TestCampaign env = new TestCampaign()) {
            Campaign campaign = new Campaign(CampaignConfig.of(env.settings()), Clock.systemUTC());
            Log log = Log.to(
                    "campaign-admin", new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            exposed = PrometheusTextParser.parse(campaign.admin(log).metrics());
        }
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
        assertFalse(dashboard.path("title").asText().isEmpty());
        assertTrue(dashboard.path("panels").size() > 0);
        Set<String> queried = new TreeSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            String title = panel.path("title").asText();
            assertTrue(panel.path("targets").size() > 0, title + " has no query");
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                Matcher metric = METRIC.matcher(expr);
                boolean any = false;
                while (metric.find()) {
                    any = true;
                    String name = metric.group(1);
                    queried.add(name);
                    Family family = exposed.get(name);
                    assertTrue(
                            family != null, title + ": " + name + " is not exposed by /metrics: " + exposed.keySet());
                    if (metric.group(3) == null) continue;
                    Matcher label = MATCHER.matcher(metric.group(3));
                    while (label.find()) {
                        String labelName = label.group(1);
                        String value = label.group(2);
                        boolean found = false;
                        for (Sample sample : family.samples) found |= value.equals(sample.labels.get(labelName));
                        assertTrue(found, title + ": no " + name + " sample has " + labelName + "=\"" + value + "\"");
                    }
                }
                assertTrue(any, title + ": its query names no campaign metric: " + expr);
            }
        }
        assertEquals(exposed.keySet(), queried, "every exposed family has a panel");
    }
}
