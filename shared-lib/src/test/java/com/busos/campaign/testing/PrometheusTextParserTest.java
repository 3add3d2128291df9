package com.busos.campaign.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.testing.PrometheusTextParser.Family;
import com.busos.campaign.testing.PrometheusTextParser.ParseException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The strict text-format parser the metrics tests read /metrics with, against the format's edge cases. */
class PrometheusTextParserTest {
    /** The example of the published format (exposition_formats.md), lightly trimmed. */
    private static final String EXAMPLE = "# HELP http_requests_total The total number of HTTP requests.\n"
            + "# TYPE http_requests_total counter\n"
            + "http_requests_total{method=\"post\",code=\"200\"} 1027 1395066363000\n"
            + "http_requests_total{method=\"post\",code=\"400\"}    3 1395066363000\n"
            + "\n"
            + "# Escaping in label values:\n"
            + "msdos_file_access_time_seconds{path=\"C:\\\\DIR\\\\FILE.TXT\",error=\"Cannot find file:\\n\\\"FILE.TXT\\\"\"} 1.458255915e9\n"
            + "\n"
            + "# Minimalistic line:\n"
            + "metric_without_timestamp_and_labels 12.47\n"
            + "\n"
            + "# A weird metric from before the epoch:\n"
            + "something_weird{problem=\"division by zero\"} +Inf -3982045\n"
            + "\n"
            + "# A histogram, which has a pretty complex representation in the text format:\n"
            + "# HELP http_request_duration_seconds A histogram of the request duration.\n"
            + "# TYPE http_request_duration_seconds histogram\n"
            + "http_request_duration_seconds_bucket{le=\"0.05\"} 24054\n"
            + "http_request_duration_seconds_bucket{le=\"+Inf\"} 144320\n"
            + "http_request_duration_seconds_sum 53423\n"
            + "http_request_duration_seconds_count 144320\n"
            + "\n"
            + "# Finally a summary, which has a complex representation, too:\n"
            + "# HELP rpc_duration_seconds A summary of the RPC duration in seconds.\n"
            + "# TYPE rpc_duration_seconds summary\n"
            + "rpc_duration_seconds{quantile=\"0.5\"} 4773\n"
            + "rpc_duration_seconds_sum 1.7560473e+07\n"
            + "rpc_duration_seconds_count 2693\n";

    @Test
    void readsThePublishedExample() {
        Map<String, Family> families = PrometheusTextParser.parse(EXAMPLE);
        assertEquals(
                List.of(
                        "http_requests_total",
                        "msdos_file_access_time_seconds",
                        "metric_without_timestamp_and_labels",
                        "something_weird",
                        "http_request_duration_seconds",
                        "rpc_duration_seconds"),
                List.copyOf(families.keySet()));
        Family requests = families.get("http_requests_total");
        assertEquals("counter", requests.type);
        assertEquals("The total number of HTTP requests.", requests.help);
        assertEquals(3.0, requests.value("method", "post", "code", "400").orElseThrow());
        assertEquals(1395066363000L, requests.samples.get(0).timestamp);
        Family msdos = families.get("msdos_file_access_time_seconds");
        assertEquals("untyped", msdos.type);
        assertNull(msdos.help);
        assertEquals("C:\\DIR\\FILE.TXT", msdos.samples.get(0).labels.get("path"));
        assertEquals(
                "Cannot find file:\n\"FILE.TXT\"", msdos.samples.get(0).labels.get("error"));
        assertEquals(
                Double.POSITIVE_INFINITY,
                families.get("something_weird").samples.get(0).value);
        assertEquals(-3982045L, families.get("something_weird").samples.get(0).timestamp);
        assertEquals(4, families.get("http_request_duration_seconds").samples.size());
        assertEquals(3, families.get("rpc_duration_seconds").samples.size());
    }

    @Test
    void helpTextsAreUnescapedAndNaNIsAValue() {
        Map<String, Family> families =
                PrometheusTextParser.parse("# HELP a_b back\\\\slash and\\nline\n# TYPE a_b gauge\na_b NaN\n");
        assertEquals("back\\slash and\nline", families.get("a_b").help);
        assertTrue(Double.isNaN(families.get("a_b").samples.get(0).value));
        assertEquals(0, PrometheusTextParser.parse("").size());
        assertEquals(
                1.0,
                PrometheusTextParser.parse("a{b=\"c\",} 1\n")
                        .get("a")
                        .value("b", "c")
                        .orElseThrow(),
                "a trailing comma in the labels is allowed");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a 1", // no final line feed
                "1a 1\n", // a name may not start with a digit
                "a-b 1\n",
                "a{1b=\"x\"} 1\n",
                "a{__name__=\"x\"} 1\n", // reserved label name
                "a{b=\"x\",b=\"y\"} 1\n", // a label twice
                "a{b=\"x\\t\"} 1\n", // an unknown escape
                "a{b=\"x} 1\n", // unterminated
                "a{b=x} 1\n", // unquoted
                "a{b=\"x\"c=\"y\"} 1\n", // no comma
                "a one\n", // not a float
                "a 1 1.5\n", // not an int64 timestamp
                "a 1 2 3\n",
                "a\n", // no value
                "a 1\na 2\n", // the same series twice
                "# TYPE a counter\n# TYPE a counter\na 1\n", // two TYPEs
                "# HELP a x\n# HELP a y\na 1\n", // two HELPs
                "a 1\n# TYPE a counter\n", // TYPE after the samples
                "# TYPE a countr\na 1\n", // not a type
                "# TYPE a counter\na{x=\"1\"} 1\nb 1\na{x=\"2\"} 1\n", // a family in two groups
                "# TYPE 1a counter\n"
            })
    void refusesWhatTheFormatDoesNot(String text) {
        assertThrows(ParseException.class, () -> PrometheusTextParser.parse(text), text);
    }
}
