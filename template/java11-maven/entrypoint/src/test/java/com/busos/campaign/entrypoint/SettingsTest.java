package com.busos.campaign.entrypoint;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsTest {

    @Test
    void defaults() {
        Settings s = Settings.from(Map.of());
        assertEquals(8082, s.port);
        assertEquals("com.openfaas.function.Handler", s.handlerClass);
        assertEquals(16, s.threads);
        assertEquals(Duration.ofSeconds(30), s.grace);
        assertEquals(Duration.ofSeconds(10), s.drain);
        assertFalse(s.drainLowered);
        assertNull(s.execTimeout, "no exec_timeout: no deadline");
        assertNull(s.deadline());
    }

    @Test
    void theDeadlineIsExecTimeoutMinusTheMargin() {
        Deadline d = Settings.from(Map.of("exec_timeout", "30s")).deadline();
        assertEquals(Duration.ofSeconds(30), d.execTimeout());
        assertEquals(Duration.ofMillis(29_500), d.budget());
        assertEquals(Duration.ofMillis(14_900),
                Settings.from(Map.of("exec_timeout", "15", "DEADLINE_MARGIN_MS", "100")).deadline().budget());
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
        assertMessage("DEADLINE_MARGIN_MS (500) must be less than exec_timeout (500ms)", Map.of("exec_timeout", "500ms"));
        assertMessage("DRAIN_SECONDS", Map.of("DRAIN_SECONDS", "-1"));
        assertMessage("SHUTDOWN_GRACE_SECONDS", Map.of("SHUTDOWN_GRACE_SECONDS", "x"));
        assertMessage("HANDLER_THREADS", Map.of("HANDLER_THREADS", "0"));
        assertMessage("UPSTREAM_PORT", Map.of("UPSTREAM_PORT", "http"));
    }

    private static void assertMessage(String expected, Map<String, String> env) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Settings.from(env));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
