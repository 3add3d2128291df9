package com.busos.campaign.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.config.ConfigSource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openfaas.model.AbstractHandler;
import com.openfaas.model.IResponse;
import com.openfaas.model.Request;
import java.lang.reflect.Constructor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.junit.jupiter.params.support.ParameterDeclarations;

/**
 * What every follow-up webhook (calendly-noshow, postcall-maybe, onboarding-start) answers alike, run
 * against each one's Handler: a function's HandlerTest extends this, names its handler, its sequence
 * and its required fields, and gives a valid body; its own cases stay in its HandlerTest.
 */
public abstract class FollowUpHandlerContract {
    protected static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    protected final HandlerHarness harness = new HandlerHarness();

    protected final TestCampaign env = harness.campaign;

    private final Function<Supplier<ConfigSource>, AbstractHandler> handler;
    private final String sequenceKey;
    private final String startMessage;
    private final String templateType;
    private final List<String> requiredFields;

    /**
     * @param handler        {@code Handler::new}
     * @param sequenceKey    the sequence's key: its duplicate answer is {@code duplicate_<key>_sequence}
     * @param startMessage   the answer's message when the sequence starts
     * @param templateType   the Template Type of the sequence's tracker record
     * @param requiredFields the fields a missing one of which is a 422
     */
    protected FollowUpHandlerContract(
            Function<Supplier<ConfigSource>, AbstractHandler> handler,
            String sequenceKey,
            String startMessage,
            String templateType,
            String... requiredFields) {
        this.handler = handler;
        this.sequenceKey = sequenceKey;
        this.startMessage = startMessage;
        this.templateType = templateType;
        this.requiredFields = List.of(requiredFields);
    }

    /** A body that starts the sequence (the same one each time it is asked for). */
    protected abstract ObjectNode validBody();

    /** What the function's own answer and tracker record say of the valid body, beyond the common fields. */
    protected abstract void assertStarted(JsonNode answer, JsonNode tracker);

    /** A body with a malformed email and fields of the wrong type. */
    protected abstract ObjectNode wrongTypesBody();

    /** The 422's errors for {@link #wrongTypesBody}, in order, each {@code type loc}. */
    protected abstract List<String> wrongTypesErrors();

    /** The body of a second call about the same contact (by default the valid body again). */
    protected ObjectNode repeatBody() {
        return validBody();
    }

    protected IResponse call(String body, Map<String, String> headers) {
        return handler.apply(harness.config()).Handle(new Request(body, new HashMap<>(headers)));
    }

    /** A call as the website makes it: signed with the harness's webhook-secret (when one is set). */
    protected IResponse call(String body) {
        return call(body, harness.signed(body, Map.of("Content-Type", "application/json")));
    }

    /** A call without a signature. */
    protected IResponse callUnsigned(String body) {
        return call(body, Map.of("Content-Type", "application/json"));
    }

    protected static JsonNode json(IResponse response) {
        assertEquals("application/json", response.getContentType());
        try {
            return JSON.readTree(response.getBody());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    protected long scheduledCount() {
        return harness.scheduledCount();
    }

    /** A 202 that accepts the lead. */
    protected static void assertAccepted(IResponse response) {
        assertEquals(202, response.getStatusCode(), response.getBody());
        assertEquals("accepted", json(response).path("status").asText());
    }

    /** A 202 that accepts the lead, whose CRM job then schedules the sequence's three emails. */
    protected void assertAcceptedAndScheduled(IResponse response) {
        assertAccepted(response);
        harness.runCrmJobs();
        assertEquals(3, scheduledCount());
    }

    /** No tracker record and nothing scheduled. */
    protected void assertNoRecordAndNothingScheduled() {
        assertEquals(0, env.notion.pagesOf(TestCampaign.TRACKER_DB).size(), "no tracker record");
        assertEquals(0, scheduledCount(), "nothing scheduled");
    }

    /** Notion not called at all, no tracker record, nothing scheduled. */
    protected void assertNothingWritten() {
        assertEquals(0, env.notion.requestCount(), "Notion was not called");
        assertNoRecordAndNothingScheduled();
    }

    @Test
    void aValidBodyStartsTheSequence() {
        env.notion.addContact(TestCampaign.CONTACTS_DB, "ada@example.com");
        IResponse response = call(validBody().toString());
        assertEquals(202, response.getStatusCode(), response.getBody());
        JsonNode answer = json(response);
        assertEquals("accepted", answer.path("status").asText());
        assertEquals(startMessage, answer.path("message").asText());
        assertEquals("ada@example.com", answer.path("email").asText());
        assertEquals("Christmas Traditional Service", answer.path("campaign").asText());
        assertEquals(3, answer.path("scheduled_emails").size());
        assertEquals(0, env.notion.requestCount(), "no Notion request on the webhook's path");
        harness.runCrmJobs();
        List<ObjectNode> trackers = env.notion.pagesOf(TestCampaign.TRACKER_DB);
        assertEquals(1, trackers.size(), "the tracker, by its CRM job");
        JsonNode tracker = trackers.get(0).path("properties");
        assertEquals(
                templateType,
                tracker.path("Template Type").path("select").path("name").asText());
        assertStarted(answer, tracker);
        assertEquals(3, scheduledCount());
    }

    @Test
    void aMalformedEmailOrWrongTypesAre422AndWriteNothing() {
        IResponse response = call(wrongTypesBody().toString());
        assertEquals(422, response.getStatusCode());
        JsonNode detail = json(response).path("detail");
        List<String> errors = new ArrayList<>();
        detail.forEach(error -> errors.add(error.path("type").asText() + " " + error.path("loc")));
        assertEquals(wrongTypesErrors(), errors, detail.toString());
        assertNothingWritten();
    }

    @ParameterizedTest(name = "without {0}")
    @ArgumentsSource(RequiredFields.class)
    void aMissingFieldIs422AndWritesNothing(String field) {
        ObjectNode body = validBody();
        body.remove(field);
        IResponse response = call(body.toString());
        assertEquals(422, response.getStatusCode());
        JsonNode detail = json(response).path("detail");
        assertEquals(1, detail.size(), detail.toString());
        assertEquals("missing", detail.get(0).path("type").asText());
        assertEquals("[\"body\",\"" + field + "\"]", detail.get(0).path("loc").toString());
        assertNothingWritten();
    }

    @Test
    void aSecondCallIsSkipped() {
        JsonNode first = json(call(validBody().toString()));
        IResponse response = call(repeatBody().toString());
        assertEquals(202, response.getStatusCode(), response.getBody());
        assertSkippedAsTheSameSequence(first, json(response));
    }

    /** A second start about the lead is skipped: its sequence is the first one's, with one record and three emails. */
    protected void assertSkippedAsTheSameSequence(JsonNode first, JsonNode second) {
        assertEquals("skipped", second.path("status").asText());
        assertEquals(
                "duplicate_" + sequenceKey + "_sequence", second.path("reason").asText());
        assertEquals(
                first.path("sequence_id").asText(),
                second.path("existing_sequence_id").asText());
        harness.runCrmJobs();
        assertEquals(1, env.notion.pagesOf(TestCampaign.TRACKER_DB).size());
        assertEquals(3, scheduledCount());
    }

    @Test
    void redisDownIs503AndWritesNothing() {
        harness.set("REDIS_URL", "redis://127.0.0.1:" + TestRedis.freePort());
        IResponse response = call(validBody().toString());
        assertEquals(503, response.getStatusCode(), response.getBody());
        assertEquals("30", response.getHeaders().get("Retry-After"));
        assertNothingWritten();
    }

    @Test
    void missingConfigurationIs500NamingTheSetting() {
        harness.clear("NOTION_TOKEN");
        IResponse response = call(validBody().toString());
        assertEquals(500, response.getStatusCode());
        assertTrue(json(response).path("detail").asText().contains("notion-token"), response.getBody());
        assertNoRecordAndNothingScheduled();
    }

    /** Whether the webhook cancels sequences (onboarding-start): then unsigned calls need a signature even with WEBHOOK_AUTH=none. */
    protected boolean cancelsSequences() {
        return false;
    }

    @Test
    void anUnsignedCallIs401ByDefaultAndWritesNothing() {
        IResponse response = callUnsigned(validBody().toString());
        assertEquals(401, response.getStatusCode(), response.getBody());
        assertNothingWritten();
        assertEquals(0, harness.redisKeyCount(), "nothing written to Redis");
    }

    @Test
    void withoutAWebhookSecretOutsideTheSandboxEveryCallIs401WithAGenericAnswer() {
        harness.clear("WEBHOOK_SECRET");
        IResponse response = callUnsigned(validBody().toString());
        assertEquals(401, response.getStatusCode(), response.getBody());
        assertEquals("signed webhooks required", json(response).path("detail").asText());
        assertNothingWritten();
        assertEquals(0, harness.redisKeyCount(), "nothing written to Redis");
    }

    @Test
    void withWebhookAuthNoneAnUnsignedCallIsAcceptedUnlessTheWebhookCancelsSequences() {
        harness.clear("WEBHOOK_SECRET").set("WEBHOOK_AUTH", "none");
        IResponse response = callUnsigned(validBody().toString());
        if (cancelsSequences()) {
            assertEquals(401, response.getStatusCode(), response.getBody());
            assertNothingWritten();
            assertEquals(0, harness.redisKeyCount(), "nothing written to Redis");
        } else {
            assertAcceptedAndScheduled(response);
        }
    }

    /**
     * A function's class path, as in its image, has no sandbox (the local gateway lends it): SANDBOX_DIR
     * set in a deployment is refused, naming it, rather than sending the campaign to a folder. Sandbox
     * mode itself is tested through the local gateway (e2e SandboxModeFunctionsTest).
     */
    @Test
    void sandboxDirOutsideTheLocalGatewayIsAConfigurationErrorNamingIt(@TempDir Path sandbox) {
        harness.clear("WEBHOOK_SECRET").set("SANDBOX_DIR", sandbox.toString());
        IResponse response = callUnsigned(validBody().toString());
        assertEquals(500, response.getStatusCode(), response.getBody());
        assertTrue(json(response).path("detail").asText().contains("SANDBOX_DIR"), response.getBody());
        assertNothingWritten();
        assertEquals(0, harness.redisKeyCount(), "nothing written to Redis");
    }

    @Test
    void anUnknownWebhookAuthIsAConfigurationErrorNamingIt() {
        harness.clear("WEBHOOK_SECRET").set("WEBHOOK_AUTH", "off");
        IResponse response = callUnsigned(validBody().toString());
        assertEquals(500, response.getStatusCode(), response.getBody());
        assertTrue(json(response).path("detail").asText().contains("WEBHOOK_AUTH"), response.getBody());
        assertNothingWritten();
    }

    /** The test class's required fields, asked of an instance of it made for the purpose. */
    static final class RequiredFields implements ArgumentsProvider {
        @Override
        public Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters, ExtensionContext context)
                throws Exception {
            Constructor<?> constructor = context.getRequiredTestClass().getDeclaredConstructor();
            constructor.setAccessible(true);
            return ((FollowUpHandlerContract) constructor.newInstance())
                    .requiredFields.stream().map(Arguments::of);
        }
    }
}
