package com.busos.campaign.sequence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** §5.3 and §6: the four sequences' templates and delays, in production and in TESTING_MODE. */
class SequencesTest {

    @ParameterizedTest(name = "{0} E{1} {2}: {3} / testing {4}")
    @CsvSource({
        "5day, 2, 5-Day E2, PT24H, PT1M",
        "5day, 3, 5-Day E3, PT72H, PT2M",
        "5day, 4, 5-Day E4, PT96H, PT3M",
        "5day, 5, 5-Day E5, PT120H, PT4M",
        "noshow, 1, noshow_recovery_email_1, PT5M, PT1M",
        "noshow, 2, noshow_recovery_email_2, PT24H, PT2M",
        "noshow, 3, noshow_recovery_email_3, PT48H, PT3M",
        "postcall, 1, postcall_maybe_email_1, PT1H, PT1M",
        "postcall, 2, postcall_maybe_email_2, PT72H, PT2M",
        "postcall, 3, postcall_maybe_email_3, PT168H, PT3M",
        "onboarding, 1, onboarding_phase1_email_1, PT1H, PT1M",
        "onboarding, 2, onboarding_phase1_email_2, PT24H, PT2M",
        "onboarding, 3, onboarding_phase1_email_3, PT72H, PT3M",
    })
    void templateAndDelays(String key, int number, String template, String delay, String testingDelay) {
        SequenceEmail email = Sequences.get(key).email(number).orElseThrow();
        assertEquals(template, email.template());
        assertEquals(Duration.parse(delay), email.delay(false));
        assertEquals(Duration.parse(testingDelay), email.delay(true));
        assertFalse(email.sentByWebsite());
    }

    @Test
    void fiveDayEmailOneIsSentByTheWebsiteAndNeverScheduled() {
        Sequence fiveDay = Sequences.get(Sequences.FIVE_DAY);
        SequenceEmail first = fiveDay.email(1).orElseThrow();
        assertEquals("5-Day E1", first.template());
        assertTrue(first.sentByWebsite());
        assertEquals(List.of(2, 3, 4, 5), numbers(fiveDay.scheduledEmails()));
        assertEquals(List.of(1, 2, 3, 4, 5), numbers(fiveDay.emails()));
    }

    @Test
    void secondarySequencesScheduleAllThreeEmails() {
        for (String key : List.of(Sequences.NOSHOW, Sequences.POSTCALL, Sequences.ONBOARDING)) {
            assertEquals(List.of(1, 2, 3), numbers(Sequences.get(key).scheduledEmails()), key);
        }
    }

    @Test
    void delaysAreOffsetsFromTheStartNotCumulative() {
        for (Sequence sequence : Sequences.all()) {
            for (boolean testing : List.of(false, true)) {
                List<Duration> delays =
                        sequence.emails().stream().map(e -> e.delay(testing)).collect(Collectors.toList());
                for (int i = 1; i < delays.size(); i++) {
                    assertTrue(delays.get(i).compareTo(delays.get(i - 1)) > 0, sequence.key() + " grows");
                }
            }
        }
    }

    @Test
    void theFourteenActiveTemplates() {
        List<String> templates = new ArrayList<>();
        Sequences.all().forEach(sequence -> sequence.emails().forEach(email -> templates.add(email.template())));
        assertEquals(14, templates.size());
        assertEquals(
                Set.of(
                        "5-Day E1",
                        "5-Day E2",
                        "5-Day E3",
                        "5-Day E4",
                        "5-Day E5",
                        "noshow_recovery_email_1",
                        "noshow_recovery_email_2",
                        "noshow_recovery_email_3",
                        "postcall_maybe_email_1",
                        "postcall_maybe_email_2",
                        "postcall_maybe_email_3",
                        "onboarding_phase1_email_1",
                        "onboarding_phase1_email_2",
                        "onboarding_phase1_email_3"),
                Set.copyOf(templates));
        assertTrue(templates.stream().noneMatch(name -> name.startsWith("lead_nurture")), "archived templates");
    }

    @Test
    void templateTypesOfTheTrackerRecords() {
        assertEquals(Optional.empty(), Sequences.get(Sequences.FIVE_DAY).templateType());
        assertEquals(
                Optional.of("No-Show Recovery"), Sequences.get(Sequences.NOSHOW).templateType());
        assertEquals(
                Optional.of("Post-Call Follow-Up"),
                Sequences.get(Sequences.POSTCALL).templateType());
        assertEquals(
                Optional.of("Onboarding"), Sequences.get(Sequences.ONBOARDING).templateType());
    }

    @Test
    void exactlyTheFourSequencesExist() {
        assertEquals(
                List.of("5day", "noshow", "postcall", "onboarding"),
                Sequences.all().stream().map(Sequence::key).collect(Collectors.toList()));
        assertThrows(IllegalArgumentException.class, () -> Sequences.get("christmas_email"));
        assertEquals(Optional.empty(), Sequences.get(Sequences.FIVE_DAY).email(6));
    }

    private static List<Integer> numbers(List<SequenceEmail> emails) {
        return emails.stream().map(SequenceEmail::number).collect(Collectors.toList());
    }
}
