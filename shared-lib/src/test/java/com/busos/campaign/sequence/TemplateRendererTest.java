package com.busos.campaign.sequence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * §7.2 substitution: exactly {{name}}, global, unknown placeholders kept, values inserted literally
 * (no back-references, never scanned again) and encoded for where they land: HTML-escaped in an HTML
 * body, plain in a subject or text part.
 */
class TemplateRendererTest {

    @Test
    void replacesEveryDoubleBracePlaceholder() {
        assertEquals(
                "Hi Jane, Jane's plan for Acme",
                TemplateRenderer.renderText(
                        "Hi {{first_name}}, {{first_name}}'s plan for {{business_name}}",
                        Map.of("first_name", "Jane", "business_name", "Acme")));
    }

    @Test
    void innerSpacesAndSingleBracesAreNotPlaceholders() {
        Map<String, String> vars = Map.of("first_name", "Jane");
        assertEquals("Hi {{ first_name }}", TemplateRenderer.renderText("Hi {{ first_name }}", vars));
        assertEquals("Hi {{first_name }}", TemplateRenderer.renderText("Hi {{first_name }}", vars));
        assertEquals("Hi {first_name}", TemplateRenderer.renderText("Hi {first_name}", vars));
    }

    @Test
    void unknownPlaceholderIsLeftAsItIs() {
        assertEquals(
                "Jane: {{portal_url}}",
                TemplateRenderer.renderText("{{first_name}}: {{portal_url}}", Map.of("first_name", "Jane")));
    }

    @Test
    void dollarReferencesAndBackslashesInValuesAreInsertedLiterally() {
        assertEquals(
                "Save $1 and \\1 at C:\\new\\path $0",
                TemplateRenderer.renderText(
                        "Save {{a}} and {{b}} at {{c}} {{d}}",
                        Map.of("a", "$1", "b", "\\1", "c", "C:\\new\\path", "d", "$0")));
    }

    @Test
    void placeholderInsideAValueIsNotReplacedAgain() {
        assertEquals(
                "Hello {{business_name}} from Acme",
                TemplateRenderer.renderText(
                        "Hello {{first_name}} from {{business_name}}",
                        Map.of("first_name", "{{business_name}}", "business_name", "Acme")));
    }

    @Test
    void inPlainTextApostrophesAmpersandsAndMarkupPassThroughUnescaped() {
        assertEquals(
                "<b>O'Brien & Sons <Ltd></b>",
                TemplateRenderer.renderText(
                        "<b>{{business_name}}</b>", Map.of("business_name", "O'Brien & Sons <Ltd>")));
    }

    @Test
    void inAnHtmlBodyALeadsTextIsEscapedSoItReadsLiterallyAndIsNeverMarkup() {
        Map<String, String> vars = Map.of(
                "first_name",
                "<a href=\"https://evil.example/login\">Log in</a>",
                "business_name",
                "Sarah's Salon & Spa \u201c$1\u201d");
        assertEquals(
                "<p>Hi &lt;a href=&quot;https://evil.example/login&quot;&gt;Log in&lt;/a&gt;, "
                        + "Sarah&#39;s Salon &amp; Spa \u201c$1\u201d</p>",
                TemplateRenderer.renderHtml("<p>Hi {{first_name}}, {{business_name}}</p>", vars));
        assertEquals(
                "<img alt=\"&quot; onerror=&quot;alert(1)\">",
                TemplateRenderer.renderHtml(
                        "<img alt=\"{{first_name}}\">", Map.of("first_name", "\" onerror=\"alert(1)")));
        assertEquals(
                "<i title='&#39;&gt;&lt;script&gt;'>",
                TemplateRenderer.renderHtml("<i title='{{first_name}}'>", Map.of("first_name", "'><script>")));
    }

    @Test
    void aSubjectKeepsTheTextAsTypedOnOneLine() {
        assertEquals(
                "Sarah's Salon & Spa <3 Bcc: x@example.com",
                TemplateRenderer.renderSubject(
                        "{{business_name}}", Map.of("business_name", "Sarah's Salon & Spa <3\r\nBcc: x@example.com")));
    }

    @Test
    void urlVariablesStandInAnHrefOnlyAsHttpsUrls() {
        String template = "<a href=\"{{reschedule_url}}\">Reschedule</a>";
        assertEquals(
                "<a href=\"https://calendly.com/reschedulings/INV1?a=1&amp;b=2\">Reschedule</a>",
                TemplateRenderer.renderHtml(
                        template, Map.of("reschedule_url", "https://calendly.com/reschedulings/INV1?a=1&b=2")));
        for (String bad : List.of(
                "javascript:alert(1)",
                "JaVaScRiPt:alert(1)",
                "data:text/html,<script>",
                "http://calendly.com/x",
                "//evil.example",
                "https://",
                "https:// evil.example",
                "https://evil.example/\"onmouseover=x")) {
            assertEquals(
                    "<a href=\"\">Reschedule</a>",
                    TemplateRenderer.renderHtml(template, Map.of("reschedule_url", bad)),
                    bad);
        }
    }

    @Test
    void theUnsubscribeLinkMayBeTheSandboxsPlainHttpLocalGatewayAndNoOtherUrlMay() {
        String template = "<a href=\"{{unsubscribe_url}}\">Unsubscribe</a> <a href=\"{{calendly_link}}\">Book</a>";
        String local = "http://127.0.0.1:8080/function/unsubscribe?token=YWRh.c2ln";
        assertEquals(
                "<a href=\"" + local + "\">Unsubscribe</a> <a href=\"\">Book</a>",
                TemplateRenderer.renderHtml(template, Map.of("unsubscribe_url", local, "calendly_link", local)),
                "the system's own loopback link stays; a lead's or the CRM's does not");
        assertEquals(
                "<a href=\"http://localhost:8080/function/unsubscribe?token=x\">Unsubscribe</a> <a href=\"\">Book</a>",
                TemplateRenderer.renderHtml(
                        template,
                        Map.of(
                                "unsubscribe_url",
                                "http://localhost:8080/function/unsubscribe?token=x",
                                "calendly_link",
                                "")));
        for (String bad : List.of(
                "http://faas.example.com/function/unsubscribe?token=x",
                "http://127.0.0.1.evil.example/x",
                "http://user@127.0.0.1/x",
                "http://127.0.0.1/ x",
                "javascript:alert(1)")) {
            assertEquals(
                    "<a href=\"\">Unsubscribe</a> <a href=\"\">Book</a>",
                    TemplateRenderer.renderHtml(template, Map.of("unsubscribe_url", bad, "calendly_link", "")),
                    bad);
        }
    }

    @Test
    void tripleBracesKeepTheOuterBraces() {
        assertEquals("{Jane}", TemplateRenderer.renderText("{{{first_name}}}", Map.of("first_name", "Jane")));
    }

    @Test
    void textWithoutPlaceholdersIsUnchanged() {
        assertEquals("", TemplateRenderer.renderText("", Map.of("a", "b")));
        assertEquals("plain {text}", TemplateRenderer.renderText("plain {text}", Map.of("text", "x")));
    }

    @Test
    void placeholdersAreListedOnceInOrderOfFirstAppearance() {
        assertEquals(
                List.of("segment", "first_name", "TotalRevenueLeak_K"),
                List.copyOf(TemplateRenderer.placeholders(
                        "{{segment}} {{first_name}} {{ spaced }} {single} {{segment}} {{TotalRevenueLeak_K}}")));
    }
}
