package com.busos.campaign.entrypoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The image build's training run for the function's class-data archive (cds.sh): with
 * {@value #VARIABLE} set to a request body, the entrypoint starts as always, sends that body to itself
 * once the handler is serving, logs the status and exits 0. The classes that start-up and that one
 * call load are what the archive holds, so the image's first real call finds them mapped, not loaded.
 */
final class TrainingRun {
    static final String VARIABLE = "ENTRYPOINT_TRAINING_BODY";
    private static final int TIMEOUT_MS = 30_000;

    private TrainingRun() {}

    /** The body to send, or null when this is not a training run. */
    static String body(Map<String, String> env) {
        return env.get(VARIABLE);
    }

    /** One POST of {@code body} to the entrypoint on {@code port}; the answer's status (any is fine). */
    static int call(int port, String body) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/").openConnection();
        connection.setConnectTimeout(TIMEOUT_MS);
        connection.setReadTimeout(TIMEOUT_MS);
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setRequestProperty("Content-Type", "application/json");
        try (OutputStream out = connection.getOutputStream()) {
            out.write(body.getBytes(StandardCharsets.UTF_8));
        }
        int status = connection.getResponseCode();
        InputStream answer = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        if (answer != null) {
            try (answer) {
                answer.readAllBytes();
            }
        }
        connection.disconnect();
        return status;
    }
}
