package com.busos.campaign.entrypoint;

import com.openfaas.model.IHandler;
import com.openfaas.model.IRequest;
import com.openfaas.model.IResponse;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Adapts one HTTP exchange to one call of a function's {@code Handle(IRequest)}: the code path shared
 * by the function's process ({@link Entrypoint}) and the local gateway.
 *
 * <ul>
 *   <li>The body is read for every method and decoded as UTF-8.</li>
 *   <li>Headers: first value of each, looked up case-insensitively (see {@link ExchangeRequest}).</li>
 *   <li>Path and query: {@code getRequestURI().getPath()} and {@code getRawQuery()}, as the official
 *       entrypoint passes them (the local gateway passes the path left after {@code /function/<name>}).</li>
 *   <li>The response's status, Content-Type, headers and UTF-8 body are copied to the exchange.</li>
 *   <li>An exception from the handler, a null response or an invalid status code is answered with
 *       500 and {@code {"error":"internal_error","detail":"<class>: <message>"}}, and logged as one
 *       JSON line; the server goes on serving.</li>
 *   <li>With a {@link Deadline}: the handler sees it as {@link Deadline#HEADER}; when it passes, the
 *       handler's thread is interrupted (the standard cancellation signal: code that checks
 *       {@code Thread.currentThread().isInterrupted()} or blocks interruptibly stops), the client gets
 *       504 {@code {"error":"deadline_exceeded",...}} and whatever the handler returns later is discarded.</li>
 * </ul>
 * Exchanges may be served concurrently: the handler instance is shared by all of them.
 */
public final class FunctionHttpHandler implements HttpHandler {

    /** Hop-by-hop or framing headers that a handler must not set: the server writes its own. */
    private static final Set<String> SKIPPED_RESPONSE_HEADERS = caseInsensitiveSet(
            "Content-Length", "Transfer-Encoding", "Connection");

    private final IHandler handler;
    private final JsonLog log;
    private final String functionName;
    private final ClassLoader contextClassLoader;
    private final Deadline deadline;
    private final InFlight inFlight = new InFlight();

    /** Serves {@code handler} with no deadline, logging as {@code entrypoint}. */
    public FunctionHttpHandler(IHandler handler) {
        this(handler, JsonLog.stdout("entrypoint"), null, null, null);
    }

    /**
     * @param handler            the function
     * @param log                where its lines go
     * @param functionName       added to every line as {@code "fn"} (the local gateway serves several); may be null
     * @param contextClassLoader set as the thread's context class loader while the handler runs
     *                           (the local gateway passes the function's own class loader); null
     *                           leaves the thread's loader unchanged
     * @param deadline           how long each call may run ({@link Deadline}); null: no limit
     */
    public FunctionHttpHandler(IHandler handler, JsonLog log, String functionName, ClassLoader contextClassLoader,
                               Deadline deadline) {
        if (handler == null) {
            throw new IllegalArgumentException("handler is null");
        }
        this.handler = handler;
        this.log = log;
        this.functionName = functionName;
        this.contextClassLoader = contextClassLoader;
        this.deadline = deadline;
    }

    public IHandler handler() {
        return handler;
    }

    /** Null when calls have no deadline. */
    public Deadline deadline() {
        return deadline;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        serve(exchange, exchange.getRequestURI().getPath(), Map.of());
    }

    /**
     * Serves one exchange and closes it.
     *
     * @param path         the path the function sees ({@code getPathRaw()})
     * @param extraHeaders headers added to the request's own (a gateway's X-Call-Id, ...); they
     *                     replace a request header of the same name
     * @return the status code sent, or -1 when the client went away before a response was sent
     */
    public int serve(HttpExchange exchange, String path, Map<String, String> extraHeaders) {
        inFlight.enter();
        long started = System.nanoTime();
        GuardedCall call = deadline == null ? null : new GuardedCall();
        boolean weAnswer = true;
        try {
            Map<String, String> extra = new LinkedHashMap<>(extraHeaders == null ? Map.of() : extraHeaders);
            if (call != null) {
                extra.put(Deadline.HEADER, Long.toString(System.currentTimeMillis() + deadline.budget().toMillis()));
                call.timer(deadline.schedule(() -> expire(call, exchange, path, started)));
            }
            IRequest request;
            try {
                request = toRequest(exchange, path, extra, call == null);
            } catch (IOException e) {
                line("warn", "request_unreadable", exchange, path).with("error", describe(e)).print();
                return -1;
            }
            if (call != null && !call.enterHandler()) {
                cutLine(exchange, path, started, false).print();
                try {
                    return writeDeadlineExceeded(exchange);
                } catch (IOException e) {
                    line("warn", "response_not_sent", exchange, path).with("status", 504).with("error", describe(e)).print();
                    return -1;
                }
            }
            Throwable failure = null;
            IResponse response = null;
            try {
                response = invoke(request);
                if (response == null) {
                    failure = new IllegalStateException("Handle() returned a null response");
                }
            } catch (Throwable t) { // the handler's own failure, whatever it is
                failure = t;
            } finally {
                if (call != null) {
                    weAnswer = call.leaveHandler();
                }
            }
            if (!weAnswer) {
                // The deadline answered 504 already: what the handler returned now is discarded.
                line("info", "late_result_discarded", exchange, path)
                        .with("elapsed_ms", millisSince(started))
                        .with("status", failure == null ? response.getStatusCode() : 500).print();
                call.awaitAnswered();
                return 504;
            }
            if (failure == null) {
                try {
                    return writeResponse(exchange, response);
                } catch (RuntimeException e) { // InvalidResponseException, or a faulty IResponse
                    failure = e;
                } catch (IOException e) {
                    line("warn", "response_not_sent", exchange, path).with("error", describe(e)).print();
                    return -1;
                }
            }
            line("error", "handler_failed", exchange, path).with("status", 500)
                    .with("error", describe(failure)).with("at", where(failure)).print();
            try {
                return writeError(exchange, 500, "internal_error", describe(failure));
            } catch (IOException e) {
                line("warn", "response_not_sent", exchange, path).with("error", describe(e)).print();
                return -1;
            }
        } finally {
            if (call != null) {
                call.finish();
            }
            if (weAnswer) {
                exchange.close();
            }
            inFlight.leave();
        }
    }

    /** The timer's side: interrupt the handler and answer 504 if it is still running. */
    private void expire(GuardedCall call, HttpExchange exchange, String path, long started) {
        if (!call.expire()) {
            return;
        }
        try {
            cutLine(exchange, path, started, true).print();
            writeDeadlineExceeded(exchange);
        } catch (IOException | RuntimeException e) {
            line("warn", "response_not_sent", exchange, path).with("status", 504).with("error", describe(e)).print();
        } finally {
            exchange.close();
            call.answered();
        }
    }

    private JsonLog.Line cutLine(HttpExchange exchange, String path, long started, boolean handlerInterrupted) {
        return line("warn", "deadline_exceeded", exchange, path)
                .with("exec_timeout_ms", deadline.execTimeout().toMillis())
                .with("deadline_ms", deadline.budget().toMillis())
                .with("elapsed_ms", millisSince(started))
                .with("handler_interrupted", handlerInterrupted)
                .with("status", 504);
    }

    private int writeDeadlineExceeded(HttpExchange exchange) throws IOException {
        return writeError(exchange, 504, "deadline_exceeded", "the call ran past its deadline ("
                + deadline.budget().toMillis() + " ms of exec_timeout " + deadline.execTimeout().toMillis() + " ms)");
    }

    /** A log line about one exchange: method, path and the gateway's X-Call-Id name the request. */
    private JsonLog.Line line(String level, String event, HttpExchange exchange, String path) {
        JsonLog.Line line = level.equals("error") ? log.error(event) : level.equals("warn") ? log.warn(event) : log.info(event);
        return line.with("fn", functionName)
                .with("method", exchange.getRequestMethod())
                .with("path", path)
                .with("call_id", exchange.getRequestHeaders().getFirst("X-Call-Id"));
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    private IResponse invoke(IRequest request) {
        if (contextClassLoader == null) {
            return handler.Handle(request);
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(contextClassLoader);
        try {
            return handler.Handle(request);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Builds the handler's request from the exchange; reads the whole body whatever the method. */
    public static IRequest toRequest(HttpExchange exchange, String path, Map<String, String> extraHeaders)
            throws IOException {
        return toRequest(exchange, path, extraHeaders, true);
    }

    /** @param stripDeadline remove a client's {@link Deadline#HEADER}: only the entrypoint sets it */
    static IRequest toRequest(HttpExchange exchange, String path, Map<String, String> extraHeaders,
                              boolean stripDeadline) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : exchange.getRequestHeaders().entrySet()) {
            if (e.getValue() != null && !e.getValue().isEmpty()) {
                headers.put(e.getKey(), e.getValue().get(0));
            }
        }
        Map<String, String> merged = ExchangeRequest.caseInsensitiveCopy(headers);
        if (stripDeadline) {
            merged.remove(Deadline.HEADER);
        }
        if (extraHeaders != null) {
            extraHeaders.forEach((k, v) -> {
                if (k != null && v != null) {
                    merged.remove(k);
                    merged.put(ExchangeRequest.canonicalName(k), v);
                }
            });
        }
        return new ExchangeRequest(body, merged, exchange.getRequestURI().getRawQuery(), path);
    }

    /** Sends the handler's response. Nothing is sent when the response is invalid. */
    static int writeResponse(HttpExchange exchange, IResponse response) throws IOException {
        int status = response.getStatusCode();
        if (status < 200 || status > 599) {
            throw new InvalidResponseException("invalid status code " + status);
        }
        String body = response.getBody();
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        Headers out = exchange.getResponseHeaders();
        String contentType = response.getContentType();
        if (contentType != null && !contentType.isEmpty()) {
            out.set("Content-Type", contentType);
        }
        Map<String, String> headers = response.getHeaders();
        if (headers != null) {
            for (Map.Entry<String, String> e : headers.entrySet()) {
                if (e.getKey() != null && e.getValue() != null && !SKIPPED_RESPONSE_HEADERS.contains(e.getKey())) {
                    out.set(e.getKey(), e.getValue());
                }
            }
        }
        send(exchange, status, bytes);
        return status;
    }

    /** Sends {@code {"error":error,"detail":detail}} with the given status. */
    public static int writeError(HttpExchange exchange, int status, String error, String detail) throws IOException {
        String json = "{\"error\":" + Json.quote(error) + ",\"detail\":" + Json.quote(detail) + "}";
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        send(exchange, status, json.getBytes(StandardCharsets.UTF_8));
        return status;
    }

    private static void send(HttpExchange exchange, int status, byte[] bytes) throws IOException {
        boolean noBody = "HEAD".equalsIgnoreCase(exchange.getRequestMethod()) || status == 204 || status == 304;
        // -1: no body (Content-length: 0); a length of 0 would mean chunked encoding to the JDK server.
        long length = noBody || bytes.length == 0 ? -1 : bytes.length;
        exchange.sendResponseHeaders(status, length);
        if (length > 0) {
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(bytes);
            }
        }
    }

    /** Number of exchanges being served right now. */
    public int inFlight() {
        return inFlight.count();
    }

    /** Waits until no exchange is being served. @return false when {@code timeout} passed first */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        return inFlight.awaitIdle(timeout);
    }

    /** {@code <exception class>: <message>}, or the class alone when there is no message. */
    public static String describe(Throwable t) {
        String message = t.getMessage();
        return message == null ? t.getClass().getName() : t.getClass().getName() + ": " + message;
    }

    private static String where(Throwable t) {
        StackTraceElement[] trace = t.getStackTrace();
        return trace.length == 0 || t instanceof InvalidResponseException ? null : trace[0].toString();
    }

    private static Set<String> caseInsensitiveSet(String... names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(List.of(names));
        return set;
    }

    /** A response that cannot be sent as it is; answered with 500 instead. */
    static final class InvalidResponseException extends RuntimeException {
        InvalidResponseException(String message) {
            super(message);
        }
    }
}
