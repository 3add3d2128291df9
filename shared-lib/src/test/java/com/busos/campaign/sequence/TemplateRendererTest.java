package com.busos.campaign.sequence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** §7.2 substitution: exactly {{name}}, global, unknown placeholders kept, values inserted literally. */
class TemplateRendererTest {

    @Test
    void replacesEveryDoubleBracePlaceholder() {
        assertEquals("Hi Jane, Jane's plan for Acme",
                TemplateRenderer.render("Hi {{first_name}}, {{first_name}}'s plan for {{business_name}}",
                        Map.of("first_name", "Jane", "business_name", "Acme")));
    }

    @Test
    void innerSpacesAndSingleBracesAreNotPlaceholders() {
        Map<String, String> vars = Map.of("first_name", "Jane");
        assertEquals("Hi {{ first_name }}", TemplateRenderer.render("Hi {{ first_name }}", vars));
        assertEquals("Hi {{first_name }}", TemplateRenderer.render("Hi {{first_name }}", vars));
        assertEquals("Hi {first_name}", TemplateRenderer.render("Hi {first_name}", vars));
    }

    @Test
    void unknownPlaceholderIsLeftAsItIs() {
        assertEquals("Jane: {{portal_url}}",
                TemplateRenderer.render("{{first_name}}: {{portal_url}}", Map.of("first_name", "Jane")));
    }

    @Test
    void dollarReferencesAndBackslashesInValuesAreInsertedLiterally() {
        assertEquals("Save $1 and \\1 at C:\\new\\path $0",
                TemplateRenderer.render("Save {{a}} and {{b}} at {{c}} {{d}}",
                        Map.of("a", "$1", "b", "\\1", "c", "C:\\new\\path", "d", "$0")));
    }

    @Test
    void placeholderInsideAValueIsNotReplacedAgain() {
        assertEquals("Hello {{business_name}} from Acme",
                TemplateRenderer.render("Hello {{first_name}} from {{business_name}}",
                        Map.of("first_name", "{{business_name}}", "business_name", "Acme")));
    }

    @Test
    void apostrophesAmpersandsAndMarkupPassThroughUnescaped() {
        assertEquals("<b>O'Brien & Sons <Ltd></b>",
                TemplateRenderer.render("<b>{{business_name}}</b>", Map.of("business_name", "O'Brien & Sons <Ltd>")));
    }

    @Test
    void tripleBracesKeepTheOuterBraces() {
        assertEquals("{Jane}", TemplateRenderer.render("{{{first_name}}}", Map.of("first_name", "Jane")));
    }

    @Test
    void textWithoutPlaceholdersIsUnchanged() {
        assertEquals("", TemplateRenderer.render("", Map.of("a", "b")));
        assertEquals("plain {text}", TemplateRenderer.render("plain {text}", Map.of("text", "x")));
    }

    @Test
    void placeholdersAreListedOnceInOrderOfFirstAppearance() {
        assertEquals(List.of("segment", "first_name", "TotalRevenueLeak_K"),
                List.copyOf(TemplateRenderer.placeholders(
                        "{{segment}} {{first_name}} {{ spaced }} {single} {{segment}} {{TotalRevenueLeak_K}}")));
    }
}
