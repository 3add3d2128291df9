package com.busos.campaign.lua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.ratelimit.RedisRateLimiter;
import com.busos.campaign.schedule.Schedule;
import com.busos.campaign.schedule.ScheduledSend;
import com.busos.campaign.testing.RedisSession;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;

/** The scripts are called by SHA, loaded again after SCRIPT FLUSH, and share one now-ms helper (real Redis). */
class LuaScriptTest {
    @RegisterExtension
    final RedisSession session = new RedisSession();

    private final UnifiedJedis redis = session.client;
    private final String prefix = session.prefix;

    private static ScheduledSend send(String tracker) {
        return new ScheduledSend("5day", 2, "5-Day E2", "jane@example.com", tracker, Map.of("first_name", "Jane"));
    }

    @Test
    void aScriptIsCalledByItsShaAndTheNowMsHelperIsPrepended() {
        LuaScript script = LuaScript.load(Schedule.class, "release");
        assertTrue(script.source().startsWith("-- now-ms"), "now-ms comes first");
        assertEquals(
                0L,
                script.run(
                        redis,
                        List.of("{" + prefix + "}:scheduled", "{" + prefix + "}:claimed", "{" + prefix + "}:send:x"),
                        List.of("x", "no-token")));
        assertEquals(List.of(true), redis.scriptExists(List.of(script.sha())), "loaded under the SHA computed here");
    }

    @Test
    void afterScriptFlushTheScheduleAndTheRateLimiterStillWork() {
        Schedule schedule = new Schedule(redis, prefix);
        assertTrue(schedule.add(send("tracker-1"), Instant.parse("2020-01-01T00:00:00Z")));
        RedisRateLimiter limiter =
                new RedisRateLimiter(redis, prefix, "notion", 100, 1, Duration.ofSeconds(10), duration -> {});
        limiter.acquire();

        redis.scriptFlush();

        assertTrue(schedule.add(send("tracker-2"), Instant.parse("2020-01-01T00:00:00Z")), "NOSCRIPT: loaded again");
        assertEquals(2, schedule.claimDue(10, Duration.ofMinutes(5), 8).size());
        limiter.acquire();
        assertTrue(redis.exists("{" + prefix + "}:rate:notion"));
    }

    @Test
    void noScriptReadsTheClockItself() throws IOException, URISyntaxException {
        Path resources = Paths.get(Schedule.class.getResource("claim-due.lua").toURI())
                .getParent()
                .getParent();
        List<Path> scripts;
        try (Stream<Path> files = Files.walk(resources)) {
            scripts = files.filter(f -> f.toString().endsWith(".lua")).collect(Collectors.toList());
        }
        assertTrue(scripts.size() >= 12, scripts.toString());
        for (Path script : scripts) {
            String text = Files.readString(script);
            boolean helper = script.getFileName().toString().equals("now-ms.lua");
            assertEquals(helper, text.contains("redis.call('TIME')"), script + " reads TIME only through now_ms()");
        }
        assertFalse(
                Files.readString(resources.resolve("schedule/claim-due.lua")).contains("local t ="));
    }
}
