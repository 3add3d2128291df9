package com.busos.campaign.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.signup.Signup;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** §2.0 and §2.2: FastAPI/pydantic validation of webhook bodies, one detail entry per violated field. */
class RequestFieldsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VALID =
            "{\"email\":\"jane@example.com\",\"first_name\":\"Jane\",\"assessment_score\":42";

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The 422 detail entries of a body read the way {@code reads} does. */
    private static List<JsonNode> detail(String body, Consumer<RequestFields> reads) {
        InvalidRequestException invalid = assertThrows(InvalidRequestException.class, () -> {
            RequestFields fields = RequestFields.parse(body);
            reads.accept(fields);
            fields.validate();
        });
        // As a client receives them: serialised and parsed back.
        return invalid.errors().stream()
                .map(error -> json(error.toJson().toString()))
                .collect(Collectors.toList());
    }

    private static List<JsonNode> signupDetail(String body) {
        return detail(body, Signup::from);
    }

    private static JsonNode only(List<JsonNode> detail) {
        assertEquals(1, detail.size(), detail.toString());
        return detail.get(0);
    }

    @Test
    void aMissingFieldNamesItsLocationAndEchoesTheBody() {
        String body = "{\"first_name\":\"Jane\",\"assessment_score\":42}";
        JsonNode error = only(signupDetail(body));
        assertEquals(
                json("{\"type\":\"missing\",\"loc\":[\"body\",\"email\"],\"msg\":\"Field required\","
                        + "\"input\":{\"first_name\":\"Jane\",\"assessment_score\":42}}"),
                error);
    }

    @Test
    void aNumberTooLargeForAnyIntegerIsA422NotACrash() {
        JsonNode error = only(signupDetail(VALID + ",\"red_systems\":1e400}"));
        assertEquals("int_parsing_size", error.path("type").asText());
        assertEquals(json("[\"body\",\"red_systems\"]"), error.path("loc"));
    }

    @Test
    void aLineBreakInANameIsRefusedSoItCannotForgeAnEmailHeader() {
        JsonNode error =
                only(signupDetail("{\"email\":\"jane@example.com\",\"first_name\":\"Jane\\r\\nBcc: x@example.com\","
                        + "\"assessment_score\":42}"));
        assertEquals("string_pattern_mismatch", error.path("type").asText());
        assertEquals(json("[\"body\",\"first_name\"]"), error.path("loc"));
    }

    @Test
    void assessmentScoreIsRequired() {
        JsonNode error = only(signupDetail("{\"email\":\"jane@example.com\",\"first_name\":\"Jane\"}"));
        assertEquals("missing", error.path("type").asText());
        assertEquals(json("[\"body\",\"assessment_score\"]"), error.path("loc"));
    }

    @Test
    void aBadEmailIsAValueErrorWithEmailValidatorsReason() {
        JsonNode error =
                only(signupDetail("{\"email\":\"not-an-email\",\"first_name\":\"Jane\",\"assessment_score\":42}"));
        assertEquals(
                json("{\"type\":\"value_error\",\"loc\":[\"body\",\"email\"],"
                        + "\"msg\":\"value is not a valid email address: An email address must have an @-sign.\","
                        + "\"input\":\"not-an-email\",\"ctx\":{\"reason\":\"An email address must have an @-sign.\"}}"),
                error);
    }

    @Test
    void theNormalisedAddressIsUsed() {
        Signup signup = Signup.from(RequestFields.parse(
                "{\"email\":\"Jane <Jane.Doe@EXAMPLE.com>\",\"first_name\":\"Jane\",\"assessment_score\":42}"));
        assertEquals("Jane.Doe@example.com", signup.email());
    }

    @Test
    void belowTheMinimumIsGreaterThanEqual() {
        JsonNode error = only(signupDetail(VALID + ",\"red_systems\":-1}"));
        assertEquals(
                json("{\"type\":\"greater_than_equal\",\"loc\":[\"body\",\"red_systems\"],"
                        + "\"msg\":\"Input should be greater than or equal to 0\",\"input\":-1,\"ctx\":{\"ge\":0}}"),
                error);
    }

    @Test
    void aboveTheMaximumIsLessThanEqual() {
        JsonNode error = only(signupDetail(VALID + ",\"orange_systems\":9}"));
        assertEquals(
                json("{\"type\":\"less_than_equal\",\"loc\":[\"body\",\"orange_systems\"],"
                        + "\"msg\":\"Input should be less than or equal to 8\",\"input\":9,\"ctx\":{\"le\":8}}"),
                error);
        JsonNode score =
                only(signupDetail("{\"email\":\"jane@example.com\",\"first_name\":\"Jane\",\"assessment_score\":101}"));
        assertEquals("less_than_equal", score.path("type").asText());
        assertEquals(100, score.path("ctx").path("le").asInt());
    }

    @Test
    void boundsAreInclusive() {
        Signup signup = Signup.from(
                RequestFields.parse(
                        "{\"email\":\"jane@example.com\",\"first_name\":\"Jane\","
                                + "\"assessment_score\":100,\"red_systems\":8,\"orange_systems\":0,\"gps_score\":0,\"money_score\":100}"));
        assertEquals(100, signup.assessmentScore());
        assertEquals(8, signup.redSystems());
    }

    @Test
    void numericStringsAndIntegralFloatsAreAccepted() {
        Signup signup = Signup.from(
                RequestFields.parse(
                        "{\"email\":\"jane@example.com\",\"first_name\":\"Jane\","
                                + "\"assessment_score\":\"75\",\"red_systems\":\"5\",\"orange_systems\":5.0,\"yellow_systems\":\" 2 \"}"));
        assertEquals(75, signup.assessmentScore());
        assertEquals(5, signup.redSystems());
        assertEquals(5, signup.orangeSystems());
        assertEquals(2, signup.yellowSystems());
    }

    @Test
    void aFractionalNumberIsIntFromFloat() {
        JsonNode error = only(signupDetail(VALID + ",\"red_systems\":5.5}"));
        assertEquals("int_from_float", error.path("type").asText());
        assertEquals(json("[\"body\",\"red_systems\"]"), error.path("loc"));
        assertEquals(
                "Input should be a valid integer, got a number with a fractional part",
                error.path("msg").asText());
        assertEquals(5.5, error.path("input").asDouble());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"abc\"", "\"\"", "\"5.5\""})
    void anUnparsableStringIsIntParsing(String value) {
        JsonNode error = only(signupDetail(VALID + ",\"green_systems\":" + value + "}"));
        assertEquals("int_parsing", error.path("type").asText());
        assertEquals(
                "Input should be a valid integer, unable to parse string as an integer",
                error.path("msg").asText());
        assertEquals(json(value), error.path("input"));
    }

    @Test
    void aNonNumberIsIntType() {
        JsonNode error = only(signupDetail(VALID + ",\"red_systems\":[1]}"));
        assertEquals("int_type", error.path("type").asText());
    }

    @Test
    void aNumberIsNotAString() {
        JsonNode error =
                only(signupDetail("{\"email\":\"jane@example.com\",\"first_name\":7,\"assessment_score\":42}"));
        assertEquals("string_type", error.path("type").asText());
        assertEquals("Input should be a valid string", error.path("msg").asText());
    }

    @Test
    void optionalFieldsTakeTheirDefaults() {
        Signup signup = Signup.from(RequestFields.parse(VALID + ",\"red_systems\":null}"));
        assertEquals(0, signup.redSystems());
        assertEquals(0, signup.greenSystems());
        assertNull(signup.fields("OPTIMIZE").get("gps_score"));
        assertNull(signup.fields("OPTIMIZE").get("revenue_leak_total"));
        assertEquals("your business", signup.businessName());
    }

    @Test
    void anEmptyFirstNameIsAllowedAndUnknownFieldsAreIgnored() {
        Signup signup = Signup.from(RequestFields.parse("{\"email\":\"jane@example.com\",\"first_name\":\"\","
                + "\"assessment_score\":42,\"utm_source\":{\"nested\":true},\"unknown\":[1,2]}"));
        assertEquals("", signup.firstName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "\"\""})
    void aMissingOrEmptyBusinessNameBecomesYourBusiness(String value) {
        Signup signup = Signup.from(RequestFields.parse(VALID + ",\"business_name\":" + value + "}"));
        assertEquals("your business", signup.businessName());
        assertEquals("your business", signup.fields("URGENT").get("business_name"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "true | true",
                "false | false",
                "\"true\" | true",
                "\"False\" | false",
                "\"yes\" | true",
                "\"no\" | false",
                "1 | true",
                "0 | false",
                "\"1\" | true",
                "\"off\" | false"
            })
    void booleansAreParsedLaxly(String value, boolean expected) {
        RequestFields fields = RequestFields.parse("{\"flag\":" + value + "}");
        assertEquals(expected, fields.requiredBool("flag"));
        fields.validate();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"maybe\"", "2", "\"\"", "[true]"})
    void otherValuesAreBoolParsingErrors(String value) {
        JsonNode error = only(detail("{\"flag\":" + value + "}", fields -> fields.requiredBool("flag")));
        assertEquals("bool_parsing", error.path("type").asText());
        assertEquals(
                "Input should be a valid boolean, unable to interpret input",
                error.path("msg").asText());
        assertEquals(json("[\"body\",\"flag\"]"), error.path("loc"));
    }

    @Test
    void optionalBoolTakesItsDefault() {
        RequestFields fields = RequestFields.parse("{\"other\":1}");
        assertEquals(true, fields.optionalBool("flag", true));
        assertEquals(false, fields.optionalBool("flag2", false));
    }

    @Test
    void everyViolatedFieldIsListed() {
        List<JsonNode> detail = signupDetail("{\"email\":\"not-an-email\",\"assessment_score\":\"abc\","
                + "\"red_systems\":9,\"orange_systems\":-1,\"gps_score\":101}");
        assertEquals(
                List.of(
                        "email:value_error",
                        "first_name:missing",
                        "assessment_score:int_parsing",
                        "red_systems:less_than_equal",
                        "orange_systems:greater_than_equal",
                        "gps_score:less_than_equal"),
                detail.stream()
                        .map(e -> e.path("loc").get(1).asText() + ":"
                                + e.path("type").asText())
                        .collect(Collectors.toList()));
    }

    @Test
    void aBodyThatIsNotJsonIsJsonInvalid() {
        JsonNode error = only(detail("{\"email\": ", fields -> {}));
        assertEquals("json_invalid", error.path("type").asText());
        assertEquals(json("[\"body\"]"), error.path("loc"));
        assertEquals("JSON decode error", error.path("msg").asText());
        assertTrue(error.path("ctx").has("error"));
        assertEquals(
                "json_invalid",
                only(detail("email=jane@example.com", fields -> {}))
                        .path("type")
                        .asText());
        assertEquals(
                "json_invalid",
                only(detail("{\"a\":1} {\"b\":2}", fields -> {})).path("type").asText());
    }

    @Test
    void anArrayBodyIsNotAModel() {
        JsonNode error = only(detail("[{\"email\":\"jane@example.com\"}]", fields -> {}));
        assertEquals("model_attributes_type", error.path("type").asText());
        assertEquals(json("[\"body\"]"), error.path("loc"));
        assertEquals(
                "Input should be a valid dictionary or object to extract fields from",
                error.path("msg").asText());
        assertEquals(json("[{\"email\":\"jane@example.com\"}]"), error.path("input"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\n"})
    void anEmptyBodyIsMissing(String body) {
        JsonNode error = only(detail(body, fields -> {}));
        assertEquals(
                json("{\"type\":\"missing\",\"loc\":[\"body\"],\"msg\":\"Field required\",\"input\":null}"), error);
    }

    @Test
    void aNullBodyIsMissing() {
        InvalidRequestException invalid = assertThrows(InvalidRequestException.class, () -> RequestFields.parse(null));
        assertEquals("missing", invalid.errors().get(0).type());
        assertNull(invalid.errors().get(0).field());
    }

    @Test
    void aValidBodyPassesWithItsValues() {
        Signup signup = Signup.from(RequestFields.parse("{\"email\":\"jane@example.com\",\"first_name\":\"Jane\","
                + "\"business_name\":\"Acme Salon\",\"assessment_score\":42,\"red_systems\":1,\"orange_systems\":2,"
                + "\"yellow_systems\":3,\"green_systems\":2,\"gps_score\":40,\"money_score\":55,"
                + "\"weakest_system_1\":\"GPS\",\"weakest_system_2\":\"Money\",\"revenue_leak_total\":14500}"));
        assertEquals("jane@example.com", signup.email());
        assertEquals("Acme Salon", signup.businessName());
        assertEquals(42, signup.assessmentScore());
        assertEquals(1, signup.redSystems());
        assertEquals(2, signup.orangeSystems());
        assertEquals(3, signup.yellowSystems());
        assertEquals(2, signup.greenSystems());
        assertEquals("14500", signup.fields("URGENT").get("revenue_leak_total"));
        assertEquals("40", signup.fields("URGENT").get("gps_score"));
        assertEquals("Money", signup.fields("URGENT").get("weakest_system_2"));
    }

    @Test
    void aNumberLiteralLongerThanAFewDozenCharactersIsRefusedByTheParser() {
        String digits = "9".repeat(60_000);
        JsonNode error = only(signupDetail(VALID.replace("42", digits) + "}"));
        assertEquals("json_invalid", error.path("type").asText());
        assertEquals(
                "a number longer than 40 characters",
                error.path("ctx").path("error").asText());

        JsonNode asText = only(signupDetail(VALID.replace("42", "\"" + digits + "\"") + "}"));
        assertEquals("int_parsing_size", asText.path("type").asText());
        assertEquals(
                List.of("body", "assessment_score"),
                List.of(
                        asText.path("loc").get(0).asText(),
                        asText.path("loc").get(1).asText()));
        assertTrue(asText.path("input").asText().length() <= 41, "the answer does not echo 60 KB back");
    }

    @Test
    void nestingDeeperThanTheLimitIsRefusedBeforeAnyField() {
        String deep = "[".repeat(5_000) + "]".repeat(5_000);
        JsonNode error = only(signupDetail(VALID + ",\"x\":" + deep + "}"));
        assertEquals("json_invalid", error.path("type").asText());
        assertEquals(
                "nested deeper than 16 levels", error.path("ctx").path("error").asText());
        // A real envelope's depth still parses.
        RequestFields.parse("{\"a\":{\"b\":{\"c\":{\"d\":[1,{\"e\":2}]}}}}");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"email\": }",
                "{\"email\": \"a\"",
                "{'email': 1}",
                "{\"a\":1} trailing",
                "{\"a\": NaN}",
                "{\"a\": 01}",
                "\u0001x",
                "{\"a\":\"\\uZZZZ\"}"
            })
    void jsonErrorsSayWhatIsWrongWithoutNamingJavaClasses(String body) {
        JsonNode error = only(signupDetail(body));
        String text = error.toString();
        for (String internal : new String[] {"com.fasterxml", "java.", "Feature", "`", "Source:", "Exception"}) {
            assertTrue(!text.contains(internal), internal + " in " + text);
        }
        assertTrue(error.path("ctx").path("error").asText().length() > 5, text);
    }
}
