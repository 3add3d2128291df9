package com.busos.campaign.log;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

/**
 * One JSON line per step on stdout, which is what {@code faas-cli logs <fn>} shows. Callers pass
 * identifiers and outcomes only: no secret or API key is ever given to a log line.
 */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
public final class Log {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String function;
    private final PrintStream out;

    public static Log forFunction(String function) {
        return new Log(function, System.out);
    }

    public static Log to(String function, PrintStream out) {
        return new Log(function, out);
    }

    public Line info(String event) {
        return new Line("info", event);
    }

    public Line warn(String event) {
        return new Line("warn", event);
    }

    public Line error(String event) {
        return new Line("error", event);
    }

    /** A log line being built; {@link #write()} prints it. Null fields are left out. */
    public final class Line {
        private final Map<String, Object> fields = new LinkedHashMap<>();

        private Line(String level, String event) {
            fields.put("ts", Instant.now().toString());
            fields.put("level", level);
            fields.put("fn", function);
            fields.put("event", event);
        }

        public Line with(String key, Object value) {
            if (value != null) fields.put(key, value);
            return this;
        }

        public Line error(Throwable failure) {
            if (failure != null) {
                String message = failure.getMessage();
                fields.put("error", message == null ? failure.getClass().getSimpleName() : message);
            }
            return this;
        }

        public void write() {
            String line;
            try {
                line = JSON.writeValueAsString(fields);
            } catch (JsonProcessingException e) {
                line = "{\"level\":\"error\",\"fn\":\"" + function + "\",\"event\":\"log.unserialisable\"}";
            }
            synchronized (out) {
                out.println(line);
            }
        }
    }
}
