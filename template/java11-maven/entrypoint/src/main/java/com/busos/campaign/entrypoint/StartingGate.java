package com.busos.campaign.entrypoint;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;

/**
 * The server's only context handler. It counts every exchange (for the stop) and, until the function
 * is loaded, answers {@code 503} with {@code Retry-After: 1}: of-watchdog reports ready about 0.2 s
 * before the JVM has loaded the handler (openfaas.md §8), so the port is bound first and early requests
 * get an answer a client can retry instead of a refused connection (which the watchdog turns into 500).
 *
 * <p>It also answers overload: an exchange that {@link HandlerPool} could not take (every thread busy,
 * its queue full) runs on an overload thread and gets {@code 503} + {@code Retry-After} +
 * {@code Connection: close} without its body being read.
 */
final class StartingGate implements HttpHandler {

    private final InFlight inFlight = new InFlight();
    private final int retryAfterSeconds;
    private volatile HttpHandler function;

    StartingGate(int retryAfterSeconds) {
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** From now on, exchanges go to {@code function}. */
    void open(HttpHandler function) {
        this.function = function;
    }

    boolean isOpen() {
        return function != null;
    }

    InFlight inFlight() {
        return inFlight;
    }

    /**
     * Reads up to {@code limit} bytes of a body nobody will use, so that a small one leaves the connection
     * reusable (a bigger one is left to the server, which closes the connection). Not {@code skip()}: the
     * JDK's fixed-length request stream inherits FilterInputStream.skip, which skips on the raw socket
     * stream past the body's end and blocks.
     */
    static void discard(InputStream body, int limit) throws IOException {
        byte[] buffer = new byte[8192];
        int total = 0;
        int n;
        while (total < limit && (n = body.read(buffer, 0, Math.min(buffer.length, limit - total))) > 0) {
            total += n;
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        inFlight.enter();
        RequestWatch.current().body();
        try {
            if (HandlerPool.onOverloadThread()) {
                FunctionHttpHandler.refuse(
                        exchange,
                        503,
                        "overloaded",
                        "every handler thread is busy and the queue is full; retry",
                        retryAfterSeconds);
                return;
            }
            HttpHandler target = function;
            if (target != null) {
                target.handle(exchange);
                return;
            }
            discard(exchange.getRequestBody(), 64 * 1024);
            exchange.getResponseHeaders().set("Retry-After", Integer.toString(retryAfterSeconds));
            FunctionHttpHandler.writeError(exchange, 503, "starting", "the function is still loading; retry");
        } finally {
            exchange.close();
            inFlight.leave();
        }
    }
}
