package com.busos.campaign.entrypoint;

import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One JSON object per line, the only log format of the entrypoint and the local gateway:
 * {@code {"ts":"...","level":"info","logger":"entrypoint","event":"serving","port":8082,...}}.
 * {@code faas-cli logs} and log collectors then get lines they can parse, and tests find the port
 * by {@code "event":"serving"}. The entrypoint depends on nothing but the model jar, hence the small
 * writer here instead of Jackson. Callers pass identifiers and outcomes, never a secret.
 */
public final class JsonLog {

    private final String logger;
    private final PrintStream out;

    private JsonLog(String logger, PrintStream out) {
        this.logger = logger;
        this.out = out;
    }

    /** Lines named {@code logger}, printed on {@code out}. */
    public static JsonLog to(String logger, PrintStream out) {
        return new JsonLog(logger, out);
    }

    /** Lines named {@code logger}, printed on stdout (what of-watchdog forwards). */
    public static JsonLog stdout(String logger) {
        return new JsonLog(logger, System.out);
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

    /** A line being built; {@link #print()} writes it. Null values are left out. */
    public final class Line {
        private final Map<String, Object> fields = new LinkedHashMap<>();

        private Line(String level, String event) {
            fields.put("ts", Instant.now().toString());
            fields.put("level", level);
            fields.put("logger", logger);
            fields.put("event", event);
        }

        /** Adds a field: a String, a Number, a Boolean, or anything else (written as its toString()). */
        public Line with(String key, Object value) {
            if (key != null && value != null) {
                fields.put(key, value);
            }
            return this;
        }

        public String toJson() {
            return Json.object(fields);
        }

        public void print() {
            String line = toJson();
            synchronized (out) {
                out.println(line);
                out.flush();
            }
        }
    }
}
