package com.busos.campaign.gateway;

import com.busos.campaign.config.CampaignConfig;
import com.busos.campaign.config.ConfigSource;
import com.busos.campaign.config.Setting;
import com.busos.campaign.entrypoint.JsonLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * What the sandbox keeps between runs of the local gateway, all under the sandbox folder (next to
 * {@code notion/} and {@code outbox/}, see {@link SandboxMode}): deleting the folder starts over.
 *
 * <ul>
 *   <li>{@value #REDIS_FOLDER}/: the embedded Redis's append-only file (the schedule, the suppression
 *       list, the send history), {@link EmbeddedRedis#startPersistent};</li>
 *   <li>{@value #SECRETS_FOLDER}/: the local secrets the operator tools need, made on the first start
 *       (random, file mode 600) and read again on the next: {@code admin-token} (campaign-admin,
 *       campaign-health, template-check) and {@code unsubscribe-secret} (the unsubscribe links), each
 *       only when not configured already (a secrets-folder file, a system property, the environment).
 *       No {@code webhook-secret}: the sandbox accepts unsigned webhooks, as the README's curl lines send them.</li>
 * </ul>
 *
 * <p>On the way out, one line says how many sends are pending and kept ({@link #reportKept}); when the
 * terminal's Ctrl-C has already stopped Redis (it goes to the whole process group), the count read after
 * the last request served is used.
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
final class SandboxState {
    static final String REDIS_FOLDER = "redis";
    static final String SECRETS_FOLDER = "secrets";
    /** The secrets the sandbox makes for itself when they are not configured. */
    static final List<Setting> GENERATED = List.of(Setting.ADMIN_TOKEN, Setting.UNSUBSCRIBE_SECRET);

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FOLDER = PosixFilePermissions.fromString("rwx------");

    private final Path folder;
    private final EmbeddedRedis redis;
    private final String password;
    private final AtomicBoolean reported = new AtomicBoolean();
    private volatile Counts lastKnown;

    static Path redisFolder(Path sandbox) {
        return sandbox.resolve(REDIS_FOLDER);
    }

    static Path secretsFolder(Path sandbox) {
        return sandbox.resolve(SECRETS_FOLDER);
    }

    /**
     * The generated secrets, as the system properties the functions read ({@code ADMIN_TOKEN}...), for
     * each setting of {@link #GENERATED} that {@code configured} does not give; each one's file is made
     * (random, mode 600) on the first start and read on the next. Never logged.
     */
    static Map<Setting, String> secrets(Path sandbox, ConfigSource configured) throws IOException {
        Map<Setting, String> secrets = new LinkedHashMap<>();
        for (Setting setting : GENERATED) {
            if (configured.get(setting).isPresent()) continue;
            secrets.put(setting, readOrCreate(secretsFolder(sandbox).resolve(setting.secretName())));
        }
        return secrets;
    }

    /** The file's value; a new random one written (mode 600) when the file is missing or blank. */
    static String readOrCreate(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        ownerOnly(file.getParent(), OWNER_ONLY_FOLDER);
        if (Files.isRegularFile(file)) {
            String value = Files.readString(file, StandardCharsets.UTF_8).trim();
            ownerOnly(file, OWNER_ONLY);
            if (!value.isEmpty()) return value;
            Files.delete(file);
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        try {
            if (posix(file.getParent())) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createFile(file);
                file.toFile().setReadable(false, false);
                file.toFile().setReadable(true, true);
                file.toFile().setWritable(false, false);
                file.toFile().setWritable(true, true);
            }
        } catch (FileAlreadyExistsException raced) {
            return readOrCreate(file);
        }
        Files.writeString(file, value + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        return value;
    }

    private static boolean posix(Path path) {
        return Files.getFileAttributeView(path, java.nio.file.attribute.PosixFileAttributeView.class) != null;
    }

    private static void ownerOnly(Path path, Set<PosixFilePermission> permissions) throws IOException {
        if (posix(path)) Files.setPosixFilePermissions(path, permissions);
    }

    /** Pending work in the schedule: emails and CRM jobs, scheduled or claimed. */
    @RequiredArgsConstructor(access = AccessLevel.PACKAGE)
    static final class Counts {
        final long emails;
        final long crmJobs;

        long total() {
            return emails + crmJobs;
        }
    }

    /** Reads the pending counts from the embedded Redis now (throws when it does not answer). */
    Counts count() {
        String prefix = CampaignConfig.from(ConfigSource.system()).redisKeyPrefix();
        var config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(1000)
                .socketTimeoutMillis(2000)
                .user(password == null ? null : "default")
                .password(password)
                .build();
        try (Jedis jedis = new Jedis(new HostAndPort("127.0.0.1", redis.port()), config)) {
            long emails = 0;
            long crm = 0;
            for (String set : List.of("scheduled", "scheduled-jobs", "claimed")) {
                for (String id : jedis.zrange("{" + prefix + "}:" + set, 0, -1)) {
                    if (id.startsWith("crm:")) crm++;
                    else emails++;
                }
            }
            Counts counts = new Counts(emails, crm);
            lastKnown = counts;
            return counts;
        }
    }

    /** After a request: the counts as they are now, kept for the line on the way out (never throws). */
    void refresh() {
        try {
            count();
        } catch (RuntimeException stopped) {
            // Redis already stopped (Ctrl-C reaches it too): the last count read stands
        }
    }

    /** At start: what an earlier run left in the schedule (null when nothing is pending). */
    Counts restored() {
        try {
            Counts counts = count();
            return counts.total() == 0 ? null : counts;
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    /**
     * Once, before Redis stops: with sends pending, one line saying how many are kept, where, and
     * how to start over. Nothing when the schedule is empty.
     */
    void reportKept(JsonLog log) {
        if (!reported.compareAndSet(false, true)) return;
        Counts counts;
        boolean live = true;
        try {
            counts = count();
        } catch (RuntimeException stopped) {
            counts = lastKnown;
            live = false;
        }
        if (counts == null || counts.total() == 0) return;
        log.info("sandbox_kept")
                .with("pending_emails", counts.emails)
                .with("pending_crm_jobs", counts.crmJobs)
                .with("folder", redisFolder(folder).toString())
                .with(
                        "message",
                        counts.emails + " emails and " + counts.crmJobs + " CRM jobs pending"
                                + (live ? "" : " (as of the last request)") + " are kept in "
                                + redisFolder(folder) + ": they go out after the next start; delete " + folder
                                + " to start over")
                .print();
    }
}
