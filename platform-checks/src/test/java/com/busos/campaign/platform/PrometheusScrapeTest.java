package com.busos.campaign.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * deploy/prometheus-campaign.yml is a valid scrape configuration aimed at campaign-admin's /metrics
 * through the gateway, with a bearer token from a file; stack.yml names the optional metrics-token
 * on campaign-admin.
 */
class PrometheusScrapeTest {
    @Test
    @SuppressWarnings("unchecked")
    void theScrapeJobAsksTheGatewayForCampaignAdminsMetricsWithABearerTokenFile() throws Exception {
        Map<String, Object> config = new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Files.readString(Repo.ROOT.resolve("deploy/prometheus-campaign.yml")));
        List<Map<String, Object>> jobs = (List<Map<String, Object>>) config.get("scrape_configs");
        assertEquals(1, jobs.size());
        Map<String, Object> job = jobs.get(0);
        assertEquals("/function/campaign-admin/metrics", job.get("metrics_path"));
        Map<String, Object> authorization = (Map<String, Object>) job.get("authorization");
        assertEquals("Bearer", authorization.get("type"));
        assertTrue(String.valueOf(authorization.get("credentials_file")).startsWith("/"));
        List<Map<String, Object>> statics = (List<Map<String, Object>>) job.get("static_configs");
        assertEquals(List.of("gateway:8080"), statics.get(0).get("targets"));

        Map<String, Object> stack = new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Files.readString(Repo.ROOT.resolve("stack.yml")));
        Map<String, Object> functions = (Map<String, Object>) stack.get("functions");
        assertTrue(functions.containsKey("campaign-admin"));
        String text = Files.readString(Repo.ROOT.resolve("stack.yml"));
        String admin = text.substring(text.indexOf("  campaign-admin:"), text.indexOf("  template-check:"));
        assertTrue(admin.contains("# - metrics-token"), "campaign-admin names the optional metrics-token");
    }
}
