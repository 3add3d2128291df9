package com.busos.campaign.entrypoint;

import static com.busos.campaign.entrypoint.ChildEntrypoint.GENEROUS_SECONDS;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Requests on plain sockets: big streamed bodies, slow clients. */
final class RawHttp {

    private RawHttp() {}

    static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(GENEROUS_SECONDS));
        return socket;
    }

    /**
     * Sends {@code head} then streams {@code bodyBytes} bytes (chunked when {@code chunked}) on one thread
     * while reading the response on this one, as a client that reads while it writes does.
     *
     * @return the response's head (status line and headers), or throws when none came
     */
    static ChildEntrypoint.Answer streamBody(int port, String path, long bodyBytes, boolean chunked) throws Exception {
        try (Socket socket = connect(port)) {
            OutputStream out = socket.getOutputStream();
            String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + bodyBytes + "\r\n") + "\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            CompletableFuture<Long> writer = CompletableFuture.supplyAsync(() -> {
                byte[] chunk = new byte[64 * 1024];
                java.util.Arrays.fill(chunk, (byte) 'a');
                long sent = 0;
                try {
                    while (sent < bodyBytes) {
                        int n = (int) Math.min(chunk.length, bodyBytes - sent);
                        if (chunked) {
                            out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        }
                        out.write(chunk, 0, n);
                        if (chunked) {
                            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        }
                        sent += n;
                    }
                    if (chunked) {
                        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.flush();
                } catch (IOException e) {
                    // the server closed the connection: expected once it refused the body
                }
                return sent;
            });
            String response = readHead(socket.getInputStream());
            writer.cancel(true);
            socket.close(); // ends the writer
            writer.handle((v, e) -> null).get(GENEROUS_SECONDS, TimeUnit.SECONDS);
            return new ChildEntrypoint.Answer(Integer.parseInt(response.substring(9, 12)), response);
        }
    }

    /** Reads up to the end of the headers (and the short body if the headers are followed by one). */
    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            String text = head.toString(StandardCharsets.ISO_8859_1);
            if (text.endsWith("\r\n\r\n")) {
                break;
            }
        }
        String text = head.toString(StandardCharsets.UTF_8);
        if (!text.startsWith("HTTP/1.1 ")) {
            throw new IOException("no HTTP response: '" + text + "'");
        }
        return text;
    }

    /** True when the server closed the connection (read gives -1 or reset) before {@code seconds}. */
    static boolean closedByServer(Socket socket, long seconds) throws IOException {
        socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(seconds));
        try {
            InputStream in = socket.getInputStream();
            while (in.read() >= 0) {
                // whatever it sends, it must end
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
