package com.busos.campaign.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.busos.campaign.testing.PrometheusTextParser;
import com.busos.campaign.testing.PrometheusTextParser.Family;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The text-format writer: what it writes parses back, escapes included; what it may not write it refuses. */
class PrometheusTextTest {
    @Test
    void writesFamiliesTheParserReadsBackWithTheirEscapes() {
        String text = new PrometheusText()
                .family("campaign_x_total", "counter", "Help with a \\ and a\nnew line.")
                .sample(3, "kind", "email", "outcome", "a \"quoted\" \\ value\non two lines")
                .sample(0, "kind", "crm", "outcome", "done")
                .family("campaign_y", "gauge", "A gauge.")
                .sample(-1)
                .toString();
        Map<String, Family> families = PrometheusTextParser.parse(text);
        Family x = families.get("campaign_x_total");
        assertEquals("counter", x.type);
        assertEquals("Help with a \\ and a\nnew line.", x.help);
        assertEquals(
                3.0,
                x.value("kind", "email", "outcome", "a \"quoted\" \\ value\non two lines")
                        .orElseThrow());
        assertEquals(0.0, x.value("kind", "crm", "outcome", "done").orElseThrow());
        assertEquals(-1.0, families.get("campaign_y").value().orElseThrow());
    }

    @Test
    void refusesNamesTheFormatDoesNotAllowAndFamiliesTwice() {
        assertThrows(IllegalArgumentException.class, () -> new PrometheusText().family("1x", "gauge", "h"));
        assertThrows(IllegalArgumentException.class, () -> new PrometheusText().family("x", "histogram", "h"));
        assertThrows(
                IllegalArgumentException.class,
                () -> new PrometheusText().family("x", "gauge", "h").sample(1, "__name__", "y"));
        assertThrows(
                IllegalArgumentException.class,
                () -> new PrometheusText().family("x", "gauge", "h").family("x", "gauge", "h"));
        assertThrows(IllegalStateException.class, () -> new PrometheusText().sample(1));
    }
}
