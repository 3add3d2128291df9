package com.busos.campaign.entrypoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class GoDurationTest {

    @Test
    void goDurationsAndPlainSeconds() {
        assertEquals(Duration.ofSeconds(30), GoDuration.parse("exec_timeout", "30s"));
        assertEquals(Duration.ofSeconds(90), GoDuration.parse("exec_timeout", "1m30s"));
        assertEquals(Duration.ofMillis(500), GoDuration.parse("exec_timeout", "500ms"));
        assertEquals(Duration.ofSeconds(30), GoDuration.parse("exec_timeout", "30"));
        assertEquals(Duration.ofMinutes(90), GoDuration.parse("exec_timeout", "1.5h"));
        assertEquals(Duration.ofMillis(1500), GoDuration.parse("exec_timeout", "1.5s"));
        assertEquals(Duration.ofMillis(500), GoDuration.parse("exec_timeout", ".5s"));
        assertEquals(Duration.ofNanos(1_002_003), GoDuration.parse("exec_timeout", "1ms2us3ns"));
        assertEquals(Duration.ofNanos(7_000), GoDuration.parse("exec_timeout", "7\u00b5s"));
        assertEquals(Duration.ofSeconds(3723), GoDuration.parse("exec_timeout", "1h2m3s"));
        assertEquals(Duration.ZERO, GoDuration.parse("exec_timeout", "0"));
        assertEquals(Duration.ZERO, GoDuration.parse("exec_timeout", "0s"));
        assertEquals(Duration.ofSeconds(5), GoDuration.parse("exec_timeout", " +5s "));
    }

    @Test
    void badValuesAreErrorsNamingTheSetting() {
        for (String bad :
                List.of("", "s", "30 s", "30sec", "1m30", "-5s", "-1", "abc", "1d", "5s5", "1..5s", "999999999999h")) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("exec_timeout", bad), bad);
            assertTrue(e.getMessage().startsWith("exec_timeout "), e.getMessage());
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }
}
