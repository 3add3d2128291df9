package com.busos.campaign.sandbox;

import com.busos.campaign.resend.Mailer;
import com.busos.campaign.resend.OutgoingEmail;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import lombok.Getter;
import lombok.RequiredArgsConstructor;

/**
 * The sandbox's mailer: every email is written to the outbox folder instead of being sent, as
 * {@code <name>.eml} (the standard message, see {@link Eml}), {@code <name>.html} (the HTML body as
 * the recipient would see it) and {@code <name>.json} (what the outbox page lists). Like Resend, it
 * honours the idempotency key: the same key answers the same id and writes nothing a second time.
 *
 * <p>The campaign's key, {@code campaign-send/<sequence>:<tracker id>:<email number>}, tells the
 * sequence and the email number; they are added as {@code X-Campaign-Sequence} and
 * {@code X-Campaign-Email-Number} headers.
 */
@RequiredArgsConstructor
public final class Outbox implements Mailer {
    public static final String KEY_PREFIX = "campaign-send/";
    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
    /** Names the outbox serves: its own files, nothing else. */
    private static final Pattern SERVED = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*\\.(html|eml)");

    @Getter
    private final Path folder;

    private final Clock clock;

    @Override
    public String send(OutgoingEmail email, String idempotencyKey) {
        if (idempotencyKey == null || idempotencyKey.isEmpty() || idempotencyKey.length() > 256) {
            throw new IllegalArgumentException("an idempotency key of 1 to 256 characters is required");
        }
        return SandboxFiles.locked(folder, () -> {
            Path keyFile = folder.resolve(".keys").resolve(sha256(idempotencyKey));
            JsonNode earlier = SandboxFiles.readJson(keyFile);
            if (earlier != null) return earlier.path("id").asText();

            String id = UUID.randomUUID().toString();
            Instant now = clock.instant();
            Optional<String> sequence = sequenceOf(idempotencyKey);
            Optional<Integer> emailNumber = emailNumberOf(idempotencyKey);
            Map<String, String> extra = new LinkedHashMap<>();
            sequence.ifPresent(value -> extra.put("X-Campaign-Sequence", value));
            emailNumber.ifPresent(value -> extra.put("X-Campaign-Email-Number", value.toString()));
            extra.put("X-Campaign-Idempotency-Key", idempotencyKey);
            String name =
                    FILE_TIME.format(now) + "-" + sequence.map(Outbox::safe).orElse("email")
                            + emailNumber.map(n -> "-" + n).orElse("") + "-" + id.substring(0, 8);

            SandboxFiles.write(
                    folder.resolve(name + ".eml"),
                    Eml.message(email, id + "@" + Eml.domainOf(email.from()), now, extra));
            SandboxFiles.write(folder.resolve(name + ".html"), email.html());
            ObjectNode entry = SandboxFiles.JSON.createObjectNode();
            entry.put("id", id);
            entry.put("sent_at", now.toString());
            entry.put("from", email.from());
            entry.put("to", email.to());
            entry.put("subject", email.subject());
            if (sequence.isPresent()) entry.put("sequence", sequence.get());
            if (emailNumber.isPresent()) entry.put("email_number", emailNumber.get());
            entry.put("idempotency_key", idempotencyKey);
            entry.put("eml", name + ".eml");
            entry.put("html", name + ".html");
            SandboxFiles.writeJson(folder.resolve(name + ".json"), entry);
            SandboxFiles.writeJson(
                    keyFile, SandboxFiles.JSON.createObjectNode().put("id", id).put("name", name));
            return id;
        });
    }

    /** Every email in the outbox, newest first. */
    public List<OutboxEntry> list() {
        if (!Files.isDirectory(folder)) return List.of();
        List<OutboxEntry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file :
                    files.filter(path -> SandboxFiles.isData(path, ".json")).collect(Collectors.toList())) {
                JsonNode node = SandboxFiles.readJson(file);
                if (node != null && node.hasNonNull("id")) entries.add(OutboxEntry.fromJson(node));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("sandbox: cannot list " + folder, e);
        }
        entries.sort(Comparator.comparing(OutboxEntry::sentAt)
                .thenComparing(OutboxEntry::html)
                .reversed());
        return entries;
    }

    /** One of the outbox's .html or .eml files by its name, when it exists (never a path outside the outbox). */
    public Optional<Path> file(String name) {
        if (name == null || !SERVED.matcher(name).matches()) return Optional.empty();
        Path file = folder.resolve(name);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /** The sequence of a campaign key ({@code campaign-send/<sequence>:<tracker id>:<n>}). */
    static Optional<String> sequenceOf(String key) {
        if (!key.startsWith(KEY_PREFIX)) return Optional.empty();
        String id = key.substring(KEY_PREFIX.length());
        int colon = id.indexOf(':');
        return colon > 0 ? Optional.of(id.substring(0, colon)) : Optional.empty();
    }

    /** The email number of a campaign key. */
    static Optional<Integer> emailNumberOf(String key) {
        if (!key.startsWith(KEY_PREFIX)) return Optional.empty();
        String id = key.substring(KEY_PREFIX.length());
        int colon = id.lastIndexOf(':');
        if (colon < 0 || colon == id.indexOf(':')) return Optional.empty();
        try {
            return Optional.of(Integer.parseInt(id.substring(colon + 1)));
        } catch (NumberFormatException notANumber) {
            return Optional.empty();
        }
    }

    private static String safe(String text) {
        return text.replaceAll("[^A-Za-z0-9]", "_");
    }

    private static String sha256(String text) {
        StringBuilder hex = new StringBuilder();
        for (byte b : com.busos.campaign.crypto.Sha256.of(text)) hex.append(String.format("%02x", b));
        return hex.toString();
    }
}
