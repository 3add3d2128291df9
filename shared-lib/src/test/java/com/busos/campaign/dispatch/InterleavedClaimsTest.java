package com.busos.campaign.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.busos.campaign.schedule.ClaimedSend;
import com.busos.campaign.schedule.ScheduledSend;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A tick hands its emails and CRM jobs over taking turns, so Resend and Notion are busy at once. */
class InterleavedClaimsTest {
    private static ClaimedSend email(int lead) {
        return new ClaimedSend(
                new ScheduledSend("5day", 2, "5-Day E2", "lead" + lead + "@example.com", "seq-" + lead, Map.of()),
                "token",
                1,
                null);
    }

    private static ClaimedSend job(String id) {
        return ClaimedSend.job(id, "{}", "token", 1);
    }

    private static List<String> ids(List<ClaimedSend> claims) {
        return claims.stream().map(ClaimedSend::id).collect(Collectors.toList());
    }

    @Test
    void emailsAndJobsTakeTurnsEachKindInItsOwnOrder() {
        ClaimedSend e1 = email(1);
        ClaimedSend e2 = email(2);
        ClaimedSend e3 = email(3);
        ClaimedSend j1 = job("crm:mark_sent:a");
        ClaimedSend j2 = job("crm:mark_sent:b");

        assertEquals(ids(List.of(e1, j1, e2, j2, e3)), ids(Dispatcher.interleaved(List.of(e1, e2, e3, j1, j2))));
        assertEquals(ids(List.of(j1, j2)), ids(Dispatcher.interleaved(List.of(j1, j2))), "jobs only");
        assertEquals(ids(List.of(e1, e2)), ids(Dispatcher.interleaved(List.of(e1, e2))), "emails only");
    }
}
