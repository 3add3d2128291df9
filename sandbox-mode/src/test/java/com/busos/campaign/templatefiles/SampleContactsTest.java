package com.busos.campaign.templatefiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleContactsTest {
    @TempDir
    Path folder;

    @Test
    void datesAreWrittenRelativeToTheDayTheSampleIsRead() {
        assertEquals(
                "{\"a\":\"2026-12-02\",\"b\":\"2026-12-01T15:00:00Z\",\"c\":[\"2026-12-09\",\"2027-01-01\"]}",
                SampleContacts.withDates(
                        "{\"a\":\"{{today}}\",\"b\":\"{{today-1}}T15:00:00Z\",\"c\":[\"{{today+7}}\",\"{{today+30}}\"]}",
                        LocalDate.of(2026, 12, 2)));
        assertEquals(
                "{{tomorrow}} {{today*2}}",
                SampleContacts.withDates("{{tomorrow}} {{today*2}}", LocalDate.of(2026, 12, 2)));
    }

    @Test
    void aSampleIsFoundByItsSequenceAndNothingElse() throws Exception {
        Files.writeString(folder.resolve("noshow.json"), "{\"scheduled_time\":\"{{today-1}}T15:00:00Z\"}");
        Files.writeString(folder.resolveSibling("secret.json"), "{}");
        SampleContacts samples = new SampleContacts(folder);
        assertEquals(
                "{\"scheduled_time\":\"2026-12-01T15:00:00Z\"}",
                samples.read("noshow", LocalDate.of(2026, 12, 2)).orElseThrow());
        assertTrue(samples.read("postcall", LocalDate.of(2026, 12, 2)).isEmpty());
        assertFalse(samples.read("../secret", LocalDate.of(2026, 12, 2)).isPresent(), "no path outside the folder");
    }
}
