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
 *   <li>The body is read for every method and decoded as UTF-8, through {@link Limits}: a body over
 *       {@code MAX_BODY_BYTES} is answered {@code 413} as soon as it passes the limit (a Content-Length
 *       over it before a byte is read), never buffered beyond it, and the connection is closed; when the
 *       bodies being read at once would hold more than {@code BODY_MEMORY_BYTES}, {@code 503} +
 *       {@code Retry-After}. A body that stops arriving is cut by {@link RequestWatch}.</li>
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
    private static final Set<String> SKIPPED_RESPONSE_HEADERS =
            caseInsensitiveSet("Content-Length", "Transfer-Encoding", "Connection");

    private final IHandler handler;
    private final JsonLog log;
    private final String functionName;
    private final ClassLoader contextClassLoader;
    private final Deadline deadline;
    private final Limits limits;
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
    public FunctionHttpHandler(
            IHandler handler, JsonLog log, String functionName, ClassLoader contextClassLoader, Deadline deadline) {
        this(handler, log, functionName, contextClassLoader, deadline, Limits.defaults());
    }

    /** @param limits the body's size limit and the heap all bodies may hold ({@link Limits#defaults()}) */
    public FunctionHttpHandler(
            IHandler handler,
            JsonLog log,
            String functionName,
            ClassLoader contextClassLoader,
            Deadline deadline,
            Limits limits) {
        if (handler == null) {
            throw new IllegalArgumentException("handler is null");
        }
        this.handler = handler;
        this.log = log;
        this.functionName = functionName;
        this.contextClassLoader = contextClassLoader;
        this.deadline = deadline;
        this.limits = limits == null ? Limits.defaults() : limits;
    }

    public Limits limits() {
        return limits;
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
        long[] reserved = new long[1];
        boolean weAnswer = true;
        try {
            Map<String, String> extra = new LinkedHashMap<>(extraHeaders == null ? Map.of() : extraHeaders);
            if (call != null) {
                extra.put(
                        Deadline.HEADER,
                        Long.toString(
                                System.currentTimeMillis() + deadline.budget().toMillis()));
                call.timer(deadline.schedule(() -> expire(call, exchange, path, started)));
            }
            IRequest request;
            try {
                request = toRequest(exchange, path, extra, call == null, limits, reserved);
            } catch (BodyRefused e) {
                line("warn", e.error, exchange, path)
                        .with("status", e.status)
                        .with("max_body_bytes", limits.maxBodyBytes)
                        .with("content_length", e.contentLength)
                        .print();
                try {
                    return refuse(exchange, e.status, e.error, e.getMessage(), limits.retryAfterSeconds);
                } catch (IOException io) {
                    line("warn", "response_not_sent", exchange, path)
                            .with("status", e.status)
                            .with("error", describe(io))
                            .print();
                    return -1;
                }
            } catch (IOException e) {
                RequestWatch.Phase cut = RequestWatch.current().cutIn();
                line("warn", "request_unreadable", exchange, path)
                        .with("error", describe(e))
                        .with("cut", cut == null ? null : "body_timeout")
                        .print();
                return -1;
            }
            if (call != null && !call.enterHandler()) {
                cutLine(exchange, path, started, false).print();
                try {
                    return writeDeadlineExceeded(exchange);
                } catch (IOException e) {
                    line("warn", "response_not_sent", exchange, path)
                            .with("status", 504)
                            .with("error", describe(e))
                            .print();
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
                        .with("status", failure == null ? response.getStatusCode() : 500)
                        .print();
                call.awaitAnswered();
                return 504;
            }
            if (failure == null) {
                try {
                    return writeResponse(exchange, response);
                } catch (RuntimeException e) { // InvalidResponseException, or a faulty IResponse
                    failure = e;
                } catch (IOException e) {
                    line("warn", "response_not_sent", exchange, path)
                            .with("error", describe(e))
                            .print();
                    return -1;
                }
            }
            line("error", "handler_failed", exchange, path)
                    .with("status", 500)
                    .with("error", describe(failure))
                    .with("at", where(failure))
                    .print();
            try {
                return writeError(exchange, 500, "internal_error", describe(failure));
            } catch (IOException e) {
                line("warn", "response_not_sent", exchange, path)
                        .with("error", describe(e))
                        .print();
                return -1;
            }
        } finally {
            limits.release(reserved[0]);
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
            line("warn", "response_not_sent", exchange, path)
                    .with("status", 504)
                    .with("error", describe(e))
                    .print();
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
        return writeError(
                exchange,
                504,
                "deadline_exceeded",
                "the call ran past its deadline (" + deadline.budget().toMillis() + " ms of exec_timeout "
                        + deadline.execTimeout().toMillis() + " ms)");
    }

    /** A log line about one exchange: method, path and the gateway's X-Call-Id name the request. */
    private JsonLog.Line line(String level, String event, HttpExchange exchange, String path) {
        JsonLog.Line line =
                level.equals("error") ? log.error(event) : level.equals("warn") ? log.warn(event) : log.info(event);
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

    /**
     * Builds the handler's request from the exchange; reads the whole body whatever the method, up to
     * the default {@link Limits}.
     *
     * @throws BodyRefused when the body is over the limit
     */
    public static IRequest toRequest(HttpExchange exchange, String path, Map<String, String> extraHeaders)
            throws IOException {
        long[] reserved = new long[1];
        Limits limits = Limits.defaults();
        try {
            return toRequest(exchange, path, extraHeaders, true, limits, reserved);
        } finally {
            limits.release(reserved[0]);
        }
    }

    /**
     * @param stripDeadline remove a client's {@link Deadline#HEADER}: only the entrypoint sets it
     * @param reserved      [0]: the body bytes reserved from {@code limits}, for the caller to release
     */
    static IRequest toRequest(
            HttpExchange exchange,
            String path,
            Map<String, String> extraHeaders,
            boolean stripDeadline,
            Limits limits,
            long[] reserved)
            throws IOException {
        String body = readBody(exchange, limits, reserved);
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

    /**
     * Reads the body through {@link Limits}: refused before reading when its Content-Length is over the
     * limit; otherwise read in chunks, each reserved from the body budget, and refused as soon as it
     * passes the limit (a chunked body too), so that no more than the limit plus one read is ever held.
     */
    static String readBody(HttpExchange exchange, Limits limits, long[] reserved) throws IOException {
        RequestWatch watch = RequestWatch.current();
        int max = limits.maxBodyBytes;
        long declared = contentLength(exchange);
        if (declared > max) {
            throw new BodyRefused(
                    413,
                    "payload_too_large",
                    declared,
                    "the body is " + declared + " bytes, over the limit of " + max + " (MAX_BODY_BYTES)");
        }
        InputStream in = exchange.getRequestBody();
        byte[] buffer = new byte[declared >= 0 ? (int) declared : Math.min(max, 8192)];
        if (declared > 0 && !reserve(limits, reserved, declared)) {
            throw overloaded(declared);
        }
        int length = 0;
        while (true) {
            if (length == buffer.length) {
                if (declared >= 0 || length >= max) {
                    // Fixed length all read; or chunked, at the limit: one more byte means too large.
                    int extra = in.read();
                    if (extra < 0) {
                        break;
                    }
                    if (declared >= 0 || length + 1 > max) {
                        throw new BodyRefused(
                                413,
                                "payload_too_large",
                                declared,
                                "the body is over the limit of " + max + " bytes (MAX_BODY_BYTES)");
                    }
                }
                int grown = (int) Math.min(max, Math.max(8192L, 2L * buffer.length));
                if (!reserve(limits, reserved, grown - buffer.length)) {
                    throw overloaded(-1);
                }
                buffer = java.util.Arrays.copyOf(buffer, grown);
            }
            int n = in.read(buffer, length, buffer.length - length);
            if (n < 0) {
                break;
            }
            length += n;
            watch.progress();
        }
        if (!watch.bodyRead()) {
            throw new IOException("the body did not arrive within the body timeout");
        }
        return new String(buffer, 0, length, StandardCharsets.UTF_8);
    }

    private static boolean reserve(Limits limits, long[] reserved, long bytes) {
        if (!limits.reserve(bytes)) {
            return false;
        }
        reserved[0] += bytes;
        return true;
    }

    private static BodyRefused overloaded(long declared) {
        return new BodyRefused(
                503, "overloaded", declared, "the bodies being read hold too much memory (BODY_MEMORY_BYTES); retry");
    }

    /** The request's Content-Length, -1 when it has none (chunked) or it cannot be read. */
    private static long contentLength(HttpExchange exchange) {
        if (exchange.getRequestHeaders().getFirst("Transfer-Encoding") != null) {
            return -1;
        }
        String value = exchange.getRequestHeaders().getFirst("Content-Length");
        if (value == null) {
            return 0;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1; // the server refused it with 400 already
        }
    }

    /**
     * Answers a request that will not be read to its end: {@code Connection: close}, so that the rest of
     * the body is not read (the JDK server reads at most {@code sun.net.httpserver.drainAmount}, 64 KiB,
     * of what is left, then closes), and {@code Retry-After} on a 503.
     */
    static int refuse(HttpExchange exchange, int status, String error, String detail, int retryAfterSeconds)
            throws IOException {
        exchange.getResponseHeaders().set("Connection", "close");
        if (status == 503 || status == 429) {
            exchange.getResponseHeaders().set("Retry-After", Integer.toString(retryAfterSeconds));
        }
        return writeError(exchange, status, error, detail);
    }

    /** A body that is not read: too large (413) or no memory for it now (503). */
    static final class BodyRefused extends IOException {
        final int status;
        final String error;
        final Long contentLength;

        BodyRefused(int status, String error, long contentLength, String detail) {
            super(detail);
            this.status = status;
            this.error = error;
            this.contentLength = contentLength < 0 ? null : contentLength;
        }
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
