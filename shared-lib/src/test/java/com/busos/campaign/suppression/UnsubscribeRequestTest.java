package com.busos.campaign.suppression;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How a call of the unsubscribe link is told apart without an HTTP method: by its body. */
class UnsubscribeRequestTest {
    @Test
    void rfc8058OneClickBodiesUnsubscribe() {
        assertEquals(UnsubscribeRequest.ONE_CLICK, UnsubscribeRequest.of("List-Unsubscribe=One-Click"));
        assertEquals(UnsubscribeRequest.ONE_CLICK, UnsubscribeRequest.of("List-Unsubscribe=One-Click\r\n"));
        String multipart =
                "--XyZ\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--XyZ--\r\n";
        assertEquals(UnsubscribeRequest.ONE_CLICK, UnsubscribeRequest.of(multipart));
    }

    @Test
    void theConfirmationButtonUnsubscribes() {
        assertEquals(UnsubscribeRequest.CONFIRMED, UnsubscribeRequest.of("confirm=yes"));
        assertEquals(UnsubscribeRequest.CONFIRMED, UnsubscribeRequest.of("x=1&confirm=yes"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "\r\n", "confirm=no", "hello", "{\"confirm\":\"yes\"}", "List-Unsubscribe=Later"})
    void anythingElseOnlyShowsThePage(String body) {
        assertEquals(UnsubscribeRequest.SHOW_PAGE, UnsubscribeRequest.of(body));
    }

    @Test
    void aNullBodyIsAGet() {
        assertEquals(UnsubscribeRequest.SHOW_PAGE, UnsubscribeRequest.of(null));
    }

    @Test
    void queryStringsKeepALiteralPlus() {
        assertEquals(
                Map.of("email", "jane+tag@example.com", "x", "a b"),
                QueryString.parse("email=jane+tag@example.com&x=a%20b"));
        assertEquals(Map.of(), QueryString.parse(null));
        assertEquals(Map.of("token", ""), QueryString.parse("token"));
    }
}
