package com.busos.campaign.sequence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The campaign's sequences, read from {@code sequences.json} beside this class. */
public final class Sequences {
    public static final String FIVE_DAY = "5day";
    public static final String NOSHOW = "noshow";
    public static final String POSTCALL = "postcall";
    public static final String ONBOARDING = "onboarding";

    private static final Map<String, Sequence> ALL = load();

    private Sequences() {}

    public static Sequence get(String key) {
        Sequence sequence = ALL.get(key);
        if (sequence == null) throw new IllegalArgumentException("unknown sequence: " + key);
        return sequence;
    }

    public static Collection<Sequence> all() {
        return ALL.values();
    }

    /** The keys of the sequences {@code event} ends ({@link Sequence#endedBy}), in sequences.json's order. */
    public static List<String> endedBy(String event) {
        List<String> keys = new ArrayList<>();
        for (Sequence sequence : ALL.values()) {
            if (sequence.endedBy().contains(event)) keys.add(sequence.key());
        }
        return keys;
    }

    private static Map<String, Sequence> load() {
        try (InputStream in = Sequences.class.getResourceAsStream("sequences.json")) {
            if (in == null) throw new IllegalStateException("sequences.json is missing from shared-lib");
            JsonNode root = new ObjectMapper().readTree(in);
            Map<String, Sequence> sequences = new LinkedHashMap<>();
            for (JsonNode node : root.path("sequences")) {
                List<SequenceEmail> emails = new ArrayList<>();
                for (JsonNode email : node.path("emails")) {
                    emails.add(new SequenceEmail(
                            email.path("number").asInt(),
                            email.path("template").asText(),
                            Duration.parse(email.path("delay").asText()),
                            Duration.parse(email.path("testing_delay").asText()),
                            email.path("sent_by_website").asBoolean(false)));
                }
                List<String> variables = new ArrayList<>();
                node.path("variables").forEach(variable -> variables.add(variable.asText()));
                List<String> endedBy = new ArrayList<>();
                node.path("ended_by").forEach(event -> endedBy.add(event.asText()));
                String key = node.path("key").asText();
                sequences.put(
                        key,
                        new Sequence(
                                key,
                                node.path("name").asText(),
                                node.path("template_type").isNull()
                                        ? null
                                        : node.path("template_type").asText(null),
                                emails,
                                variables,
                                node.path("counts_toward_daily_cap").asBoolean(true),
                                endedBy));
            }
            return sequences;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
