package com.busos.campaign.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of Redis that can hold the reply to one command: the command reaches Redis and
 * runs (a script's writes are made), its reply never reaches the client. A test kills the client there,
 * between Redis doing a write and the client hearing of it. Commands are matched by a marker in their
 * bytes (an address the command carries); Jedis sends one command and waits for its reply, so the next
 * bytes Redis sends on that connection are that reply.
 */
final class RedisReplyHold implements AutoCloseable {
    private final int redisPort;
    private final ServerSocket listening;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile String marker;
    private final AtomicInteger toSkip = new AtomicInteger();
    private final CountDownLatch held = new CountDownLatch(1);
    private volatile String heldCommand;

    RedisReplyHold(int redisPort) throws IOException {
        this.redisPort = redisPort;
        listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accepting = new Thread(this::accept, "redis-reply-hold");
        accepting.setDaemon(true);
        accepting.start();
    }

    String url() {
        return "redis://127.0.0.1:" + listening.getLocalPort();
    }

    /** Holds the reply to the {@code nth} command (1: the next) whose bytes contain {@code text}. */
    void holdReplyTo(String text, int nth) {
        toSkip.set(nth - 1);
        marker = text;
    }

    /** Waits until a reply is held; answers the command it belongs to (its printable bytes). */
    String awaitHeld(Duration timeout) throws InterruptedException {
        if (!held.await(timeout.toMillis(), TimeUnit.MILLISECONDS))
            throw new AssertionError("no command with " + marker + " reached Redis");
        return heldCommand;
    }

    private void accept() {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                Socket redis = new Socket(InetAddress.getLoopbackAddress(), redisPort);
                sockets.add(client);
                sockets.add(redis);
                boolean[] holding = {false};
                pump(client, redis, holding, true);
                pump(redis, client, holding, false);
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** Copies {@code from} to {@code to}; commands are watched for the marker, replies held once it matched. */
    private void pump(Socket from, Socket to, boolean[] holding, boolean commands) {
        Thread thread = new Thread(
                () -> {
                    byte[] buffer = new byte[64 * 1024];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        int n;
                        while ((n = in.read(buffer)) > 0) {
                            if (commands) {
                                watch(new String(buffer, 0, n, StandardCharsets.ISO_8859_1), holding);
                            } else {
                                synchronized (holding) {
                                    if (holding[0]) {
                                        held.countDown();
                                        holding.wait(); // until the connection is cut
                                    }
                                }
                            }
                            out.write(buffer, 0, n);
                            out.flush();
                        }
                    } catch (IOException | InterruptedException cut) {
                        // the client was killed, or the proxy closed
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                        synchronized (holding) {
                            holding.notifyAll();
                        }
                    }
                },
                "redis-reply-hold-pump");
        thread.setDaemon(true);
        thread.start();
    }

    /** Marks the connection as holding when this command carries the marker and its turn has come. */
    private void watch(String command, boolean[] holding) {
        String wanted = marker;
        if (wanted == null || !command.contains(wanted)) return;
        synchronized (this) {
            if (marker == null) return;
            if (toSkip.getAndDecrement() > 0) return;
            marker = null;
            heldCommand = command.replaceAll("[^\\x20-\\x7e]+", " ");
        }
        synchronized (holding) {
            holding[0] = true;
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listening.close();
        for (Socket socket : sockets) closeQuietly(socket);
    }
}
