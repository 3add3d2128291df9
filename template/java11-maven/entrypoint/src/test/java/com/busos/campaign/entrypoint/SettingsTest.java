package com.busos.campaign.entrypoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void defaults() {
        Settings s = Settings.from(Map.of());
        assertEquals(8082, s.port);
        assertEquals("com.openfaas.function.Handler", s.handlerClass);
        assertEquals(Settings.defaultThreads(), s.threads);
        assertEquals(Duration.ofSeconds(30), s.grace);
        assertEquals(Duration.ofSeconds(10), s.drain);
        assertFalse(s.drainLowered);
        assertNull(s.execTimeout, "no exec_timeout: no deadline");
        assertNull(s.deadline());
    }

    @Test
    void boundsDefaults() {
        Settings s = Settings.from(Map.of());
        assertEquals(64, s.queue);
        assertEquals(1, s.retryAfterSeconds);
        assertEquals(1024 * 1024, s.maxBodyBytes);
        assertEquals(Runtime.getRuntime().maxMemory() / 4, s.bodyMemoryBytes);
        assertEquals(Duration.ofSeconds(10), s.headerTimeout);
        assertEquals(Duration.ofSeconds(10), s.bodyTimeout);
        assertEquals("memory", s.threadsFrom);
        Settings set = Settings.from(Map.of("HANDLER_THREADS", "7", "MAX_BODY_BYTES", "65536", "HANDLER_QUEUE", "3"));
        assertEquals(7, set.threads);
        assertEquals("HANDLER_THREADS", set.threadsFrom);
        assertEquals(65536, set.limits().maxBodyBytes());
        assertEquals(3, set.queue);
    }

    @Test
    void theDefaultThreadsComeFromTheMemory() {
        long mib = 1024 * 1024;
        // A 256 MiB container with MaxRAMPercentage=50: 128 MiB heap, 128 outside; a quarter at 256 KiB a thread.
        assertEquals(128, Settings.defaultThreads(128 * mib, 256 * mib));
        // Less outside the heap than in it: the smaller counts.
        assertEquals(64, Settings.defaultThreads(192 * mib, 256 * mib));
        assertEquals(32, Settings.defaultThreads(32 * mib, 64 * mib), "never below 32");
        assertEquals(64, Settings.defaultThreads(64 * mib, -1), "no container limit: the heap alone");
        assertEquals(1024, Settings.defaultThreads(8192 * mib, -1), "never above 1024");
    }

    @Test
    void theDeadlineIsExecTimeoutMinusTheMargin() {
        Deadline d = Settings.from(Map.of("exec_timeout", "30s")).deadline();
        assertEquals(Duration.ofSeconds(30), d.execTimeout());
        assertEquals(Duration.ofMillis(29_500), d.budget());
        assertEquals(
                Duration.ofMillis(14_900),
                Settings.from(Map.of("exec_timeout", "15", "DEADLINE_MARGIN_MS", "100"))
                        .deadline()
                        .budget());
        assertNull(Settings.from(Map.of("exec_timeout", "0")).deadline(), "0: no deadline, as for the watchdog");
    }

    @Test
    void theDrainIsAtMostHalfTheGrace() {
        Settings s = Settings.from(Map.of("SHUTDOWN_GRACE_SECONDS", "10", "DRAIN_SECONDS", "8"));
        assertEquals(Duration.ofSeconds(5), s.drain);
        assertTrue(s.drainLowered);
        assertEquals(Duration.ZERO, Settings.from(Map.of("DRAIN_SECONDS", "0")).drain);
    }

    @Test
    void unusableValuesNameTheirVariable() {
        assertMessage("exec_timeout", Map.of("exec_timeout", "soon"));
        assertMessage(
                "DEADLINE_MARGIN_MS (500) must be less than exec_timeout (500ms)", Map.of("exec_timeout", "500ms"));
        assertMessage("DRAIN_SECONDS", Map.of("DRAIN_SECONDS", "-1"));
        assertMessage("SHUTDOWN_GRACE_SECONDS", Map.of("SHUTDOWN_GRACE_SECONDS", "x"));
        assertMessage("HANDLER_THREADS", Map.of("HANDLER_THREADS", "0"));
        assertMessage("UPSTREAM_PORT", Map.of("UPSTREAM_PORT", "http"));
        assertMessage("MAX_BODY_BYTES", Map.of("MAX_BODY_BYTES", "-1"));
        assertMessage("HANDLER_QUEUE", Map.of("HANDLER_QUEUE", "0"));
        assertMessage("HEADER_TIMEOUT_SECONDS", Map.of("HEADER_TIMEOUT_SECONDS", "0"));
        assertMessage("BODY_TIMEOUT_SECONDS", Map.of("BODY_TIMEOUT_SECONDS", "soon"));
        assertMessage("BODY_MEMORY_BYTES", Map.of("BODY_MEMORY_BYTES", "1000"));
    }

    private static void assertMessage(String expected, Map<String, String> env) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Settings.from(env));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
