package com.busos.campaign.entrypoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openfaas.model.IHandler;
import com.openfaas.model.IResponse;
import com.openfaas.model.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The request/response adaptation and the fixes over the official java11 entrypoint, in process. */
class FunctionHttpHandlerTest {

    private static final Duration GENEROUS = Duration.ofSeconds(30);

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(GENEROUS)
            .build();
    private Entrypoint entrypoint;

    @AfterEach
    void stop() {
        if (entrypoint != null) {
            entrypoint.close();
        }
    }

    private String serve(IHandler handler, int threads) throws Exception {
        entrypoint = Entrypoint.start("127.0.0.1", 0, handler, threads);
        return "http://127.0.0.1:" + entrypoint.port();
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static IResponse text(String body) {
        Response response = new Response();
        response.setBody(body);
        return response;
    }

    @Test
    void connectionsAreServedWithTcpNoDelay() throws Exception {
        // Without it every keep-alive answer waits ~40 ms for the client's delayed ACK (benchmark 1).
        serve(request -> text("ok"), 1);
        assertEquals("true", System.getProperty(Entrypoint.NODELAY_PROPERTY));
    }

    @Test
    void concurrentRequestsAreAllInsideTheHandlerAtTheSameTime() throws Exception {
        int n = 6;
        CyclicBarrier allInside = new CyclicBarrier(n);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        String base = serve(
                request -> {
                    threads.add(Thread.currentThread().getName());
                    try {
                        // Passes only when all n requests are in Handle() together; a serial server times out.
                        allInside.await(GENEROUS.toSeconds(), TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException("not all requests were served concurrently", e);
                    }
                    return text("ok");
                },
                8);

        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            calls.add(client.sendAsync(
                    HttpRequest.newBuilder(URI.create(base + "/c/" + i))
                            .POST(HttpRequest.BodyPublishers.ofString("x"))
                            .timeout(Duration.ofSeconds(60))
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            HttpResponse<String> response = call.get(60, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("ok", response.body());
        }
        assertEquals(n, threads.size(), "each request on its own worker thread: " + threads);
    }

    @Test
    void headersAreFoundWhateverTheirCase() throws Exception {
        String base = serve(
                request -> text(request.getHeader("X-Connector") + "|" + request.getHeader("x-connector") + "|"
                        + request.getHeader("X-CONNECTOR") + "|"
                        + request.getHeaders().get("x-topic") + "|"
                        + request.getHeaders().containsKey("X-Connector") + "|"
                        + request.getHeaders().keySet().contains("X-Topic") + "|"
                        + request.getHeader("missing")),
                2);

        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .header("X-Connector", "cron-connector")
                .header("x-topic", "cron-function")
                .build());

        assertEquals("cron-connector|cron-connector|cron-connector|cron-function|true|true|null", response.body());
    }

    @Test
    void getHeadersListsCanonicalNames() throws Exception {
        String base = serve(
                request -> text(String.join(
                        ",", new java.util.TreeSet<>(request.getHeaders().keySet()))),
                2);

        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/"))
                .GET()
                .header("x-call-id", "42")
                .header("X-CUSTOM-THING", "v")
                .build());

        assertTrue(response.body().contains("X-Call-Id"), response.body());
        assertTrue(response.body().contains("X-Custom-Thing"), response.body());
    }

    @Test
    void bodyIsReadForEveryMethodAsUtf8() throws Exception {
        String base = serve(request -> text(request.getBody()), 2);
        String body = "{\"name\":\"Zoë ☃\"}";

        for (String method : List.of("PUT", "DELETE", "PATCH", "POST", "GET")) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/"))
                    .method(method, HttpRequest.BodyPublishers.ofString(body))
                    .build());
            assertEquals(200, response.statusCode(), method);
            assertEquals(body, response.body(), method);
        }
    }

    @Test
    void pathAndQueryArePassedLikeTheOfficialRequest() throws Exception {
        String base = serve(
                request -> text(request.getPathRaw() + "|" + request.getQueryRaw() + "|"
                        + request.getQuery().get("name") + "|"
                        + request.getPath().get("a")),
                2);

        assertEquals(
                "/a/1/b/2|name=two%20words&x=1|two words|1",
                send(HttpRequest.newBuilder(URI.create(base + "/a/1/b/2?name=two%20words&x=1"))
                                .GET()
                                .build())
                        .body());
        assertEquals(
                "/|null|null|null",
                send(HttpRequest.newBuilder(URI.create(base + "/")).GET().build())
                        .body());
    }

    @Test
    void statusContentTypeAndHeadersAreCopied() throws Exception {
        String base = serve(
                request -> {
                    Response response = new Response();
                    response.setStatusCode(201);
                    response.setContentType("application/json");
                    response.setHeader("X-Custom", "value");
                    response.setBody("{\"created\":true}");
                    return response;
                },
                2);

        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());

        assertEquals(201, response.statusCode());
        assertEquals(
                "application/json",
                response.headers().firstValue("Content-Type").orElse(""));
        assertEquals("value", response.headers().firstValue("X-Custom").orElse(""));
        assertEquals("{\"created\":true}", response.body());
    }

    @Test
    void emptyBodyIsSentWithoutChunking() throws Exception {
        String base = serve(request -> text(""), 2);

        HttpResponse<String> response =
                send(HttpRequest.newBuilder(URI.create(base + "/")).GET().build());

        assertEquals(200, response.statusCode());
        assertEquals("", response.body());
        assertEquals("0", response.headers().firstValue("Content-Length").orElse("missing"));
    }

    @Test
    void anExceptionIsAnsweredWithJson500AndTheServerKeepsServing() throws Exception {
        String base = serve(
                request -> {
                    if (request.getPathRaw().equals("/boom")) {
                        throw new IllegalStateException("boom \"quoted\"");
                    }
                    return text("still here");
                },
                2);

        HttpResponse<String> failed = send(HttpRequest.newBuilder(URI.create(base + "/boom"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());
        assertEquals(500, failed.statusCode());
        assertEquals(
                "application/json", failed.headers().firstValue("Content-Type").orElse(""));
        assertEquals(
                "{\"error\":\"internal_error\",\"detail\":\"java.lang.IllegalStateException: boom \\\"quoted\\\"\"}",
                failed.body());

        for (int i = 0; i < 3; i++) {
            HttpResponse<String> ok = send(
                    HttpRequest.newBuilder(URI.create(base + "/fine")).GET().build());
            assertEquals(200, ok.statusCode());
            assertEquals("still here", ok.body());
        }
    }

    @Test
    void aNullResponseIsAnswered500() throws Exception {
        String base = serve(request -> null, 2);

        HttpResponse<String> response =
                send(HttpRequest.newBuilder(URI.create(base + "/")).GET().build());

        assertEquals(500, response.statusCode());
        assertTrue(
                response.body()
                        .startsWith("{\"error\":\"internal_error\",\"detail\":\"java.lang.IllegalStateException:"),
                response.body());
    }

    @Test
    void anInvalidStatusCodeIsAnswered500() throws Exception {
        String base = serve(
                request -> {
                    Response response = new Response();
                    response.setStatusCode(0);
                    return response;
                },
                2);

        HttpResponse<String> response =
                send(HttpRequest.newBuilder(URI.create(base + "/")).GET().build());

        assertEquals(500, response.statusCode());
        assertTrue(response.body().contains("invalid status code 0"), response.body());
    }

    @Test
    void extraHeadersAreAddedAndThePathCanBeChosen() throws Exception {
        Map<String, String> seen = new ConcurrentHashMap<>();
        FunctionHttpHandler handler = new FunctionHttpHandler(request -> {
            seen.put("path", request.getPathRaw());
            seen.put("callId", request.getHeader("x-call-id"));
            return text("ok");
        });
        com.sun.net.httpserver.HttpServer server =
                com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> handler.serve(exchange, "/sub", Map.of("X-Call-Id", "abc")));
        server.start();
        try {
            send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/function/f/sub"))
                    .header("X-Call-Id", "client-value")
                    .GET()
                    .build());
        } finally {
            server.stop(0);
        }
        assertEquals("/sub", seen.get("path"));
        assertEquals("abc", seen.get("callId"));
    }
}
