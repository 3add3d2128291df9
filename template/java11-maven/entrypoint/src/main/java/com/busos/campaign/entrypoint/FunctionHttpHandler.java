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
 *       line on stdout; the server goes on serving.</li>
 * </ul>
 * Exchanges may be served concurrently: the handler instance is shared by all of them.
 */
public final class FunctionHttpHandler implements HttpHandler {

    /** Hop-by-hop or framing headers that a handler must not set: the server writes its own. */
    private static final Set<String> SKIPPED_RESPONSE_HEADERS = caseInsensitiveSet(
            "Content-Length", "Transfer-Encoding", "Connection");

    private final IHandler handler;
    private final String logPrefix;
    private final ClassLoader contextClassLoader;
    private final Object idleLock = new Object();
    private int inFlight;

    /** Serves {@code handler}, logging as {@code [entrypoint]}. */
    public FunctionHttpHandler(IHandler handler) {
        this(handler, "entrypoint", null);
    }

    /**
     * @param handler            the function
     * @param logName            prefix of the log lines, e.g. the function's name
     * @param contextClassLoader set as the thread's context class loader while the handler runs
     *                           (the local gateway passes the function's own class loader); null
     *                           leaves the thread's loader unchanged
     */
    public FunctionHttpHandler(IHandler handler, String logName, ClassLoader contextClassLoader) {
        if (handler == null) {
            throw new IllegalArgumentException("handler is null");
        }
        this.handler = handler;
        this.logPrefix = "[" + (logName == null ? "entrypoint" : logName) + "] ";
        this.contextClassLoader = contextClassLoader;
    }

    public IHandler handler() {
        return handler;
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
        enter();
        try {
            IRequest request;
            try {
                request = toRequest(exchange, path, extraHeaders);
            } catch (IOException e) {
                log("request body could not be read: " + describe(e));
                return -1;
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
            }
            if (failure == null) {
                try {
                    return writeResponse(exchange, response);
                } catch (RuntimeException e) { // InvalidResponseException, or a faulty IResponse
                    failure = e;
                } catch (IOException e) {
                    log(exchange.getRequestMethod() + " " + path + ": response not sent: " + describe(e));
                    return -1;
                }
            }
            log("500 " + exchange.getRequestMethod() + " " + path + ": " + describe(failure) + where(failure));
            try {
                return writeError(exchange, 500, "internal_error", describe(failure));
            } catch (IOException e) {
                log(exchange.getRequestMethod() + " " + path + ": error response not sent: " + describe(e));
                return -1;
            }
        } finally {
            exchange.close();
            leave();
        }
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
        String json = "{\"error\":\"" + jsonEscape(error) + "\",\"detail\":\"" + jsonEscape(detail) + "\"}";
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
        synchronized (idleLock) {
            return inFlight;
        }
    }

    /** Waits until no exchange is being served. @return false when {@code timeout} passed first */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idleLock) {
            while (inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                idleLock.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    private void enter() {
        synchronized (idleLock) {
            inFlight++;
        }
    }

    private void leave() {
        synchronized (idleLock) {
            inFlight--;
            if (inFlight == 0) {
                idleLock.notifyAll();
            }
        }
    }

    private void log(String message) {
        System.out.println(logPrefix + message.replace('\n', ' ').replace('\r', ' '));
    }

    /** {@code <exception class>: <message>}, or the class alone when there is no message. */
    public static String describe(Throwable t) {
        String message = t.getMessage();
        return message == null ? t.getClass().getName() : t.getClass().getName() + ": " + message;
    }

    private static String where(Throwable t) {
        StackTraceElement[] trace = t.getStackTrace();
        return trace.length == 0 || t instanceof InvalidResponseException ? "" : " (at " + trace[0] + ")";
    }

    static String jsonEscape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        return out.toString();
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
