package com.openfaas.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.sequence.Sequence;
import com.busos.campaign.sequence.SequenceEmail;
import com.busos.campaign.sequence.Sequences;
import com.busos.campaign.testing.HandlerHarness;
import com.busos.campaign.testing.TestCampaign;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openfaas.model.IResponse;
import com.openfaas.model.Request;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /function/template-check against the Notion stand-in: the pre-deploy check of the Email Templates database. */
class HandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BROKEN_DB = "db-templates-broken";

    @RegisterExtension
    final HandlerHarness harness = new HandlerHarness();

    private final TestCampaign env = harness.campaign;

    private IResponse call(String authorization) {
        Map<String, String> headers = new HashMap<>();
        if (authorization != null) headers.put("Authorization", authorization);
        return new Handler(harness.config()).Handle(new Request("", headers, null, "/"));
    }

    private static JsonNode body(IResponse response) throws Exception {
        return JSON.readTree(response.getBody());
    }

    @Test
    void aCompleteTemplatesDatabasePasses() throws Exception {
        IResponse response = call(null);

        assertEquals(200, response.getStatusCode(), response.getBody());
        JsonNode answer = body(response);
        assertTrue(answer.path("ok").asBoolean());
        assertEquals(14, answer.path("checked").asInt());
        assertEquals(0, answer.path("problems").size());
    }

    @Test
    void brokenTemplatesAreListedWith422() throws Exception {
        env.notion.schema(
                BROKEN_DB,
                Map.of("Template Name", "title", "Subject Line", "rich_text", "Email Body HTML", "rich_text"));
        for (Sequence sequence : Sequences.all()) {
            for (SequenceEmail email : sequence.emails()) {
                String name = email.template();
                if (name.equals("5-Day E3")) continue;
                String subject = name.equals("5-Day E2") ? "" : TestCampaign.sampleSubject(name);
                String html = TestCampaign.sampleHtml(name, sequence);
                if (name.equals("noshow_recovery_email_1")) html = html.replace("{{first_name}}", "{{frist_name}}");
                if (name.equals("onboarding_phase1_email_3")) html = "<div>" + html;
                env.notion.addTemplate(BROKEN_DB, name, subject, html);
            }
        }
        harness.set("NOTION_EMAIL_TEMPLATES_DB_ID", BROKEN_DB);

        IResponse response = call(null);

        assertEquals(422, response.getStatusCode(), response.getBody());
        JsonNode answer = body(response);
        assertFalse(answer.path("ok").asBoolean());
        Map<String, String> problems = new HashMap<>();
        answer.path("problems")
                .forEach(problem -> problems.put(
                        problem.path("template").asText(),
                        problem.path("kind").asText() + ": "
                                + problem.path("problem").asText()));
        assertEquals(
                Map.of(
                        "5-Day E3", "missing: not found (no template named exactly '5-Day E3')",
                        "5-Day E2", "empty_subject: the subject is empty",
                        "noshow_recovery_email_1",
                                "unknown_variable: {{frist_name}} in the body is not a variable of the noshow sequence: did you mean {{first_name}}?",
                        "onboarding_phase1_email_3", "html: HTML: <div> opened on line 1 is never closed"),
                problems);
    }

    @Test
    void withTheAdminTokenSetACallNeedsIt() throws Exception {
        harness.set("ADMIN_TOKEN", "check-token");

        assertEquals(401, call(null).getStatusCode());
        assertEquals(401, call("Bearer wrong").getStatusCode());
        assertEquals(200, call("Bearer check-token").getStatusCode());
    }

    @Test
    void missingSettingsAreNamed() throws Exception {
        harness.clear("NOTION_TOKEN");

        IResponse response = call(null);

        assertEquals(500, response.getStatusCode());
        assertEquals(
                "missing configuration: notion-token (NOTION_TOKEN)",
                body(response).path("detail").asText());
    }
}
