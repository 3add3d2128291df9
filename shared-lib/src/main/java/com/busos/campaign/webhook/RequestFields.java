package com.busos.campaign.webhook;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import lombok.AccessLevel;
import lombok.Getter;
import lombok.RequiredArgsConstructor;

/**
 * Reads a webhook's JSON body field by field, the way the original FastAPI models did (pydantic's lax
 * mode: numeric strings become numbers, integral floats become ints, unknown fields are ignored) and
 * collects one {@link FieldError} per violated field. Call {@link #validate()} after reading every field:
 * it throws when anything was wrong, so nothing is written for an invalid request.
 */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
public final class RequestFields {
    /** No field of any webhook needs a longer number; the parser refuses it before any big-number work. */
    public static final int MAX_NUMBER_LENGTH = 40;
    /** No webhook body is nested deeper (Calendly's envelope is the deepest, at 4). */
    public static final int MAX_NESTING_DEPTH = 16;

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNumberLength(MAX_NUMBER_LENGTH)
                            .maxNestingDepth(MAX_NESTING_DEPTH)
                            .build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** Jackson's "(start marker at [Source: …; line: 1, column: 1])": the location is added separately. */
    private static final java.util.regex.Pattern SOURCE_LOCATIONS =
            java.util.regex.Pattern.compile("\\s*\\([^()]*\\[Source:[^\\]]*]\\)");
    /** Backticked Java names in Jackson's messages ({@code `java.lang.Integer`}, {@code `StreamReadFeature…`}). */
    private static final java.util.regex.Pattern JAVA_NAMES = java.util.regex.Pattern.compile("\\s*\\(?`[^`]*`\\)?");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> TRUE_WORDS = Set.of("true", "1", "yes", "on", "t", "y");
    private static final Set<String> FALSE_WORDS = Set.of("false", "0", "no", "off", "f", "n");
    /** No single text field of any webhook needs more; longer values are refused, not cut. */
    public static final int MAX_TEXT_LENGTH = 10_000;

    @Getter
    private final ObjectNode body;

    private final List<FieldError> errors = new ArrayList<>();

    /** Parses the body; an empty, non-JSON or non-object body fails at once with its FastAPI error. */
    public static RequestFields parse(String rawBody) {
        if (rawBody == null || rawBody.trim().isEmpty()) {
            throw new InvalidRequestException(List.of(new FieldError("missing", null, "Field required", null, null)));
        }
        JsonNode node;
        try {
            node = JSON.readTree(rawBody);
        } catch (StreamConstraintsException e) {
            String limit = e.getOriginalMessage().startsWith("Number")
                    ? "a number longer than " + MAX_NUMBER_LENGTH + " characters"
                    : "nested deeper than " + MAX_NESTING_DEPTH + " levels";
            throw new InvalidRequestException(List.of(new FieldError(
                    "json_invalid",
                    null,
                    "JSON decode error",
                    NODES.objectNode(),
                    NODES.objectNode().put("error", limit))));
        } catch (JsonProcessingException e) {
            ObjectNode ctx = NODES.objectNode().put("error", describe(e));
            throw new InvalidRequestException(
                    List.of(new FieldError("json_invalid", null, "JSON decode error", NODES.objectNode(), ctx)));
        }
        if (!(node instanceof ObjectNode)) {
            throw new InvalidRequestException(List.of(new FieldError(
                    "model_attributes_type",
                    null,
                    "Input should be a valid dictionary or object to extract fields from",
                    node,
                    null)));
        }
        return new RequestFields((ObjectNode) node);
    }

    /** Jackson's message for the caller: what is wrong and where, without its class or feature names. */
    static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? "invalid JSON" : e.getOriginalMessage();
        int newline = message.indexOf('\n');
        if (newline >= 0) message = message.substring(0, newline);
        message = SOURCE_LOCATIONS.matcher(message).replaceAll("");
        message = JAVA_NAMES.matcher(message).replaceAll("").trim();
        if (e.getLocation() != null && e.getLocation().getLineNr() > 0) {
            message += " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")";
        }
        return message;
    }

    /** A string too long to be a number any field takes: refused before any number parsing. */
    private static boolean tooLongForANumber(JsonNode text) {
        return text.asText().trim().length() > MAX_NUMBER_LENGTH;
    }

    /** The start of a too-long string, as the answer echoes it (never the whole of it). */
    private static JsonNode cutForTheAnswer(JsonNode text) {
        return NODES.textNode(text.asText().substring(0, MAX_NUMBER_LENGTH) + "…");
    }

    public static RequestFields of(ObjectNode body) {
        return new RequestFields(body);
    }

    /** Throws {@link InvalidRequestException} listing every error found so far. */
    public void validate() {
        if (!errors.isEmpty()) throw new InvalidRequestException(errors);
    }

    public void addError(FieldError error) {
        errors.add(error);
    }

    // ---- field readers: each returns the value, or null after recording an error ----

    public String requiredEmail(String field) {
        String raw = requiredString(field);
        return raw == null ? null : email(field, raw);
    }

    public String requiredString(String field) {
        return required(field, value -> string(field, value));
    }

    /** An optional string: absent or null gives {@code defaultValue}. */
    public String optionalString(String field, String defaultValue) {
        return optional(field, defaultValue, value -> string(field, value));
    }

    /** Like {@link #optionalString}, but line breaks and tabs are allowed (notes, not names). */
    public String optionalMultilineString(String field, String defaultValue) {
        return optional(field, defaultValue, value -> text(field, value, true));
    }

    public Integer requiredInt(String field, Long min, Long max) {
        return required(field, value -> integer(field, value, min, max));
    }

    public Integer optionalInt(String field, Integer defaultValue, Long min, Long max) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) return defaultValue;
        return integer(field, value, min, max);
    }

    public Double requiredFloat(String field) {
        return required(field, value -> floating(field, value));
    }

    private Double floating(String field, JsonNode value) {
        if (value.isNumber() && !value.isBoolean()) return finite(field, value, value.asDouble());
        if (value.isTextual()) {
            if (tooLongForANumber(value)) {
                return error(
                        "float_parsing",
                        field,
                        "Input should be a valid number, unable to parse string as a number",
                        cutForTheAnswer(value),
                        null);
            }
            try {
                return finite(field, value, Double.parseDouble(value.asText().trim()));
            } catch (NumberFormatException e) {
                return error(
                        "float_parsing",
                        field,
                        "Input should be a valid number, unable to parse string as a number",
                        value,
                        null);
            }
        }
        return error("float_type", field, "Input should be a valid number", value, null);
    }

    public Boolean requiredBool(String field) {
        return required(field, value -> bool(field, value));
    }

    public Boolean optionalBool(String field, boolean defaultValue) {
        return optional(field, defaultValue, value -> bool(field, value));
    }

    /** The field read by {@code read}, or null after recording it missing. */
    private <T> T required(String field, Function<JsonNode, T> read) {
        JsonNode value = body.get(field);
        return value == null ? missing(field) : read.apply(value);
    }

    /** The field read by {@code read}; absent, null or refused (the error recorded) gives {@code defaultValue}. */
    private <T> T optional(String field, T defaultValue, Function<JsonNode, T> read) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) return defaultValue;
        T parsed = read.apply(value);
        return parsed == null ? defaultValue : parsed;
    }

    /** An optional list of strings: absent or null gives null. */
    public List<String> optionalStringList(String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) return null;
        if (!value.isArray()) return error("list_type", field, "Input should be a valid list", value, null);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            String item = string(field + "." + i, value.get(i));
            if (item != null) items.add(item);
        }
        return items;
    }

    private String email(String field, String raw) {
        EmailAddresses.Result result = EmailAddresses.parse(raw);
        if (result.valid()) return result.address();
        return error(
                "value_error",
                field,
                "value is not a valid email address: " + result.reason(),
                NODES.textNode(raw),
                NODES.objectNode().put("reason", result.reason()));
    }

    private String string(String field, JsonNode value) {
        return text(field, value, false);
    }

    /**
     * A text value within limits. Control characters are refused: in a single-line value (a name, an
     * address) CR/LF could forge an email header; in a multi-line one only tab, CR and LF are allowed.
     */
    private String text(String field, JsonNode value, boolean multiline) {
        if (!value.isTextual()) return error("string_type", field, "Input should be a valid string", value, null);
        String text = value.asText();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0);
            boolean allowed = multiline && (c == '\n' || c == '\r' || c == '\t');
            if (control && !allowed) {
                return error(
                        "string_pattern_mismatch",
                        field,
                        multiline
                                ? "String should not contain control characters"
                                : "String should be a single line without control characters",
                        value,
                        null);
            }
        }
        if (text.length() > MAX_TEXT_LENGTH) {
            return error(
                    "string_too_long",
                    field,
                    "String should have at most " + MAX_TEXT_LENGTH + " characters",
                    NODES.textNode(text.substring(0, 100) + "…"),
                    NODES.objectNode().put("max_length", MAX_TEXT_LENGTH));
        }
        return text;
    }

    private Integer integer(String field, JsonNode value, Long min, Long max) {
        BigDecimal number;
        if (value.isIntegralNumber()) {
            number = new BigDecimal(value.bigIntegerValue());
        } else if (value.isNumber() && !value.isBoolean()) {
            if (!Double.isFinite(value.asDouble())) {
                return tooLargeAnInteger(field, value);
            }
            number = value.decimalValue();
            if (number.stripTrailingZeros().scale() > 0) {
                return error(
                        "int_from_float",
                        field,
                        "Input should be a valid integer, got a number with a fractional part",
                        value,
                        null);
            }
        } else if (value.isTextual()) {
            if (tooLongForANumber(value)) {
                return tooLargeAnInteger(field, cutForTheAnswer(value));
            }
            try {
                number = new BigDecimal(value.asText().trim());
                if (number.stripTrailingZeros().scale() > 0) throw new NumberFormatException();
            } catch (NumberFormatException e) {
                return error(
                        "int_parsing",
                        field,
                        "Input should be a valid integer, unable to parse string as an integer",
                        value,
                        null);
            }
        } else {
            return error("int_type", field, "Input should be a valid integer", value, null);
        }
        if (min != null && number.compareTo(BigDecimal.valueOf(min)) < 0) {
            return error(
                    "greater_than_equal",
                    field,
                    "Input should be greater than or equal to " + min,
                    value,
                    NODES.objectNode().put("ge", min));
        }
        if (max != null && number.compareTo(BigDecimal.valueOf(max)) > 0) {
            return error(
                    "less_than_equal",
                    field,
                    "Input should be less than or equal to " + max,
                    value,
                    NODES.objectNode().put("le", max));
        }
        if (number.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0
                || number.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) < 0) {
            return tooLargeAnInteger(field, value);
        }
        return number.intValueExact();
    }

    private Integer tooLargeAnInteger(String field, JsonNode input) {
        return error(
                "int_parsing_size",
                field,
                "Unable to parse input string as an integer, exceeded maximum size",
                input,
                null);
    }

    private Boolean bool(String field, JsonNode value) {
        if (value.isBoolean()) return value.asBoolean();
        if (value.isIntegralNumber() && (value.asLong() == 0 || value.asLong() == 1)) return value.asLong() == 1;
        if (value.isTextual()) {
            String word = value.asText().trim().toLowerCase(Locale.ROOT);
            if (TRUE_WORDS.contains(word)) return true;
            if (FALSE_WORDS.contains(word)) return false;
        }
        return error("bool_parsing", field, "Input should be a valid boolean, unable to interpret input", value, null);
    }

    private Double finite(String field, JsonNode value, double number) {
        if (Double.isNaN(number) || Double.isInfinite(number)) {
            return error("finite_number", field, "Input should be a finite number", value, null);
        }
        return number;
    }

    private <T> T missing(String field) {
        return error("missing", field, "Field required", body, null);
    }

    private <T> T error(String type, String field, String message, JsonNode input, ObjectNode ctx) {
        errors.add(new FieldError(type, field, message, input, ctx));
        return null;
    }
}
