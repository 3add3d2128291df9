package com.busos.campaign.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.testing.TestRedis;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.openfaas.model.IResponse;
import com.openfaas.model.Request;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/** The checks in front of the website webhooks: body size, signature, and answers to a repeated webhook-id. */
class WebhookGateTest {
    private static final String SECRET = "whsec_"
            + Base64.getEncoder().encodeToString("gate test key, thirty-two bytes!".getBytes(StandardCharsets.UTF_8));
    private static final String BODY =
            "{\"email\":\"lead@example.com\",\"first_name\":\"Jane\",\"assessment_score\":42}";

    private final Clock clock = Clock.fixed(Instant.parse("2025-11-24T12:00:00Z"), ZoneOffset.UTC);
    private UnifiedJedis redis;
    private String prefix;
    private WebhookGate gate;
    private final AtomicInteger processed = new AtomicInteger();

    @BeforeEach
    void start() {
        redis = TestRedis.client();
        prefix = TestRedis.uniquePrefix();
        gate = new WebhookGate(new StandardWebhookSignature(SECRET, clock), new WebhookReplays(redis, prefix));
    }

    @AfterEach
    void stop() {
        redis.close();
    }

    private Request signed(String id, String body) {
        long now = clock.instant().getEpochSecond();
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("webhook-id", id);
        headers.put("webhook-timestamp", Long.toString(now));
        headers.put("webhook-signature", StandardWebhookSignature.sign(SECRET, id, now, body));
        return new Request(body, headers);
    }

    private Function<String, IResponse> answering(int status, String detail) {
        return body -> {
            processed.incrementAndGet();
            return Responses.json(
                    status,
                    JsonNodeFactory.instance.objectNode().put("detail", detail).put("call", processed.get()));
        };
    }

    @Test
    void aBodyOverSixtyFourKibibytesIs413BeforeAnythingElse() {
        String atLimit = "{\"a\":\"" + "x".repeat(WebhookGate.MAX_BODY_BYTES - 8) + "\"}";
        assertEquals(WebhookGate.MAX_BODY_BYTES, atLimit.getBytes(StandardCharsets.UTF_8).length);
        WebhookGate.checkSize(atLimit);
        assertThrows(PayloadTooLargeException.class, () -> WebhookGate.checkSize(atLimit + " "));
        // Counted in bytes, not characters: 22,000 euro signs are 66,000 bytes of UTF-8.
        String multiByte = "{\"a\":\"" + "€".repeat(22_000) + "\"}";
        assertTrue(multiByte.length() < WebhookGate.MAX_BODY_BYTES);
        assertThrows(PayloadTooLargeException.class, () -> WebhookGate.checkSize(multiByte));
        WebhookGate.checkSize(null);

        // Signed or not, a large body is refused before its signature is even looked at, and nothing is run.
        String large = "{\"a\":\"" + "x".repeat(70 * 1024) + "\"}";
        assertThrows(PayloadTooLargeException.class, () -> gate.pass(signed("msg_big", large), answering(200, "ok")));
        assertThrows(
                PayloadTooLargeException.class, () -> gate.pass(new Request(large, Map.of()), answering(200, "ok")));
        assertThrows(
                PayloadTooLargeException.class,
                () -> new WebhookGate(null, null).pass(new Request(large, Map.of()), answering(200, "ok")));
        assertEquals(0, processed.get());
        assertTrue(redis.keys("{" + prefix + "}:*").isEmpty());
    }

    @Test
    void anUnsignedOrBadlySignedRequestIsRefusedAndNothingIsRecorded() {
        Request unsigned = new Request(BODY, Map.of("Content-Type", "application/json"));
        assertThrows(UnauthorizedException.class, () -> gate.pass(unsigned, answering(200, "ok")));
        Request tampered = signed("msg_tampered", BODY);
        Request changed = new Request(BODY.replace("42", "43"), tampered.getHeaders());
        assertThrows(UnauthorizedException.class, () -> gate.pass(changed, answering(200, "ok")));
        assertEquals(0, processed.get());
        assertTrue(redis.keys("{" + prefix + "}:*").isEmpty(), "a refused request leaves no replay record");
    }

    @Test
    void aRepeatedWebhookIdIsAnsweredFromTheFirstResultWithoutProcessingAgain() {
        IResponse first = gate.pass(signed("msg_1", BODY), answering(200, "accepted"));
        assertEquals(200, first.getStatusCode());
        assertNull(first.getHeader("Webhook-Replayed"));

        IResponse again = gate.pass(signed("msg_1", BODY), answering(200, "accepted"));
        assertEquals(1, processed.get(), "not processed a second time");
        assertEquals(200, again.getStatusCode());
        assertEquals(first.getBody(), again.getBody());
        assertEquals("true", again.getHeader("Webhook-Replayed"));
        assertEquals("application/json", again.getContentType());

        gate.pass(signed("msg_2", BODY), answering(200, "accepted"));
        assertEquals(2, processed.get(), "another id is another webhook");
    }

    @Test
    void aClientErrorIsRememberedToo() {
        IResponse first = gate.pass(signed("msg_invalid", BODY), answering(422, "invalid"));
        IResponse again = gate.pass(signed("msg_invalid", BODY), answering(200, "accepted"));
        assertEquals(1, processed.get());
        assertEquals(422, again.getStatusCode());
        assertEquals(first.getBody(), again.getBody());
        assertEquals("true", again.getHeader("Webhook-Replayed"));
    }

    @Test
    void aServerErrorIsNotStoredSoTheRetryIsProcessedAgain() {
        IResponse unavailable = gate.pass(signed("msg_retry", BODY), answering(503, "Redis unavailable"));
        assertEquals(503, unavailable.getStatusCode());
        assertTrue(redis.keys("{" + prefix + "}:*").isEmpty(), "no replay record for a 5xx");

        IResponse retried = gate.pass(signed("msg_retry", BODY), answering(200, "accepted"));
        assertEquals(2, processed.get(), "the retry was processed");
        assertEquals(200, retried.getStatusCode());
        assertNull(retried.getHeader("Webhook-Replayed"));

        IResponse third = gate.pass(signed("msg_retry", BODY), answering(200, "accepted"));
        assertEquals(2, processed.get());
        assertEquals(retried.getBody(), third.getBody());
    }

    @Test
    void aFailureThrownByTheWorkIsNotStoredEither() {
        assertThrows(
                IllegalStateException.class,
                () -> gate.pass(signed("msg_throws", BODY), body -> {
                    processed.incrementAndGet();
                    throw new IllegalStateException("boom");
                }));
        IResponse retried = gate.pass(signed("msg_throws", BODY), answering(200, "accepted"));
        assertEquals(200, retried.getStatusCode());
        assertEquals(2, processed.get());
    }

    @Test
    void theSameIdArrivingWhileTheFirstIsStillRunningIsProcessedToo() {
        // The work behind a webhook is one idempotent Redis write: no "in progress" marker makes a caller wait.
        IResponse[] concurrent = new IResponse[1];
        IResponse first = gate.pass(signed("msg_busy", BODY), body -> {
            concurrent[0] = gate.pass(signed("msg_busy", BODY), answering(200, "second"));
            return answering(200, "first").apply(body);
        });
        assertEquals(200, first.getStatusCode());
        assertEquals(200, concurrent[0].getStatusCode(), concurrent[0].getBody());
        assertEquals(2, processed.get(), "both were processed");
    }

    @Test
    void aCallWhoseProcessDiedIsProcessedAgainWhenRetriedWithNoWait() {
        assertThrows(
                IllegalStateException.class,
                () -> gate.pass(signed("msg_killed", BODY), body -> {
                    processed.incrementAndGet();
                    throw new IllegalStateException("the process is killed here");
                }));
        assertTrue(redis.keys("{" + prefix + "}:*").isEmpty(), "it left nothing behind to wait for");

        IResponse retried = gate.pass(signed("msg_killed", BODY), answering(200, "accepted"));

        assertEquals(200, retried.getStatusCode(), retried.getBody());
        assertEquals(2, processed.get());
    }

    @Test
    void withoutASecretEveryRequestIsProcessedAndNothingIsRecorded() {
        WebhookGate open = new WebhookGate(null, null);
        open.pass(new Request(BODY, Map.of()), answering(200, "accepted"));
        open.pass(new Request(BODY, Map.of("webhook-id", "msg_1")), answering(200, "accepted"));
        assertEquals(2, processed.get());
        assertTrue(redis.keys("{" + prefix + "}:*").isEmpty());
    }

    @Test
    void aRefusingGateAnswersEveryCallWithAGeneric401AndNamesTheReasonForTheLogOnly() {
        WebhookGate closed = WebhookGate.refusing("webhook-secret (WEBHOOK_SECRET) is not set");
        for (Request request : new Request[] {new Request(BODY, Map.of()), signed("msg_1", BODY)}) {
            UnauthorizedException refused =
                    assertThrows(UnauthorizedException.class, () -> closed.pass(request, answering(200, "accepted")));
            assertEquals(WebhookAuth.REFUSED, refused.getMessage());
            assertEquals("webhook-secret (WEBHOOK_SECRET) is not set", refused.operatorDetail());
        }
        assertEquals(0, processed.get());
        assertTrue(redis.keys("{" + prefix + "}:*").isEmpty());
    }
}
