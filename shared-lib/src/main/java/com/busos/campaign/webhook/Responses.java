package com.busos.campaign.webhook;

import com.busos.campaign.config.InvalidSettingException;
import com.busos.campaign.config.MissingConfigurationException;
import com.busos.campaign.http.ProviderException;
import com.busos.campaign.intake.IntakeLimitException;
import com.busos.campaign.log.Log;
import com.busos.campaign.notion.DataSourceConfigurationException;
import com.busos.campaign.schedule.ScheduleUnavailableException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openfaas.model.IResponse;
import com.openfaas.model.Response;
import java.util.function.Supplier;

/**
 * JSON answers of the functions, and the one mapping of failures to HTTP statuses that every
 * function shares: 413 too large, 401 bad signature, 422 invalid input, 500 missing configuration, 503 (with Retry-After) when Redis
 * or a provider is unavailable for now, 502 when a provider refused the request (a generic message and a
 * request id: the provider's own message is in the log line with that id, never in the answer).
 */
public final class Responses {
    /** Seconds a caller should wait before retrying a 503. */
    public static final int RETRY_AFTER_SECONDS = 30;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private Responses() {}

    public static IResponse json(int status, JsonNode body) {
        Response response = new Response();
        response.setStatusCode(status);
        response.setContentType("application/json");
        response.setBody(body.toString());
        return response;
    }

    public static IResponse ok(JsonNode body) {
        return json(200, body);
    }

    /** 202: the request is taken in (kept in Redis) and the rest of its work follows later. */
    public static IResponse accepted(JsonNode body) {
        return json(202, body);
    }

    public static IResponse detail(int status, String detail) {
        return json(status, NODES.objectNode().put("detail", detail));
    }

    public static IResponse invalid(InvalidRequestException invalid) {
        ObjectNode body = NODES.objectNode();
        ArrayNode detail = body.putArray("detail");
        invalid.errors().forEach(error -> detail.add(error.toJson()));
        return json(422, body);
    }

    /** At most this many of a rejected request's field errors are named in its log line. */
    static final int LOGGED_FIELD_ERRORS = 10;

    /**
     * "field: type" of each error, for the log line (never the value sent): {@code email: value_error}.
     * Bounded, and a field name a caller made up is cut short, so a hostile body cannot fill the log.
     */
    static java.util.List<String> fieldsOf(InvalidRequestException invalid) {
        java.util.List<String> named = new java.util.ArrayList<>();
        for (FieldError error : invalid.errors()) {
            if (named.size() == LOGGED_FIELD_ERRORS) break;
            String field = error.field() == null ? "(body)" : error.field();
            if (field.length() > 64) field = field.substring(0, 64) + "…";
            named.add(field + ": " + error.type());
        }
        return named;
    }

    /** Runs the function's work and turns the known failures into their answers, each logged once. */
    public static IResponse handle(Log log, Supplier<IResponse> work) {
        try {
            return work.get();
        } catch (PayloadTooLargeException tooLarge) {
            log.info("request.too_large").with("status", 413).error(tooLarge).write();
            return detail(413, tooLarge.getMessage());
        } catch (UnauthorizedException unauthorized) {
            Log.Line line = log.warn("request.unauthorized").with("status", 401);
            if (unauthorized.operatorDetail() != null) line.with("reason", unauthorized.operatorDetail());
            line.error(unauthorized).write();
            return detail(401, unauthorized.getMessage());
        } catch (IntakeLimitException limited) {
            log.warn("request.limited")
                    .with("status", 429)
                    .with("retry_after_s", limited.retryAfterSeconds())
                    .with("reason", limited.getMessage())
                    .write();
            IResponse response = detail(429, limited.getMessage() + ": retry later");
            response.setHeader("Retry-After", Long.toString(limited.retryAfterSeconds()));
            return response;
        } catch (InvalidRequestException invalid) {
            log.info("request.invalid")
                    .with("status", 422)
                    .with("fields", invalid.errors().size())
                    .with("errors", fieldsOf(invalid))
                    .write();
            return invalid(invalid);
        } catch (MissingConfigurationException missing) {
            log.error("config.missing").with("status", 500).error(missing).write();
            return detail(500, missing.getMessage());
        } catch (InvalidSettingException invalid) {
            log.error("config.invalid").with("status", 500).error(invalid).write();
            return detail(500, invalid.getMessage());
        } catch (DataSourceConfigurationException misconfigured) {
            // The log has the database's data sources (ids and names, Notion content); the answer names the setting.
            log.error("config.invalid").with("status", 500).error(misconfigured).write();
            return detail(500, misconfigured.summary());
        } catch (ScheduleUnavailableException unavailable) {
            log.error("redis.unavailable")
                    .with("status", 503)
                    .error(unavailable)
                    .write();
            return retryLater("Schedule unavailable, nothing was scheduled: retry later");
        } catch (ProviderException provider) {
            if (provider.retryable()) {
                log.error("provider.unavailable")
                        .with("status", 503)
                        .with("provider", provider.provider())
                        .error(provider)
                        .write();
                return retryLater(provider.provider() + " unavailable: retry later");
            }
            // The provider's own message can name databases, properties or the integration: it goes to
            // the operator's log, and the caller gets an id to find that line by.
            String requestId = requestId();
            log.error("provider.rejected")
                    .with("status", 502)
                    .with("provider", provider.provider())
                    .with("request_id", requestId)
                    .error(provider)
                    .write();
            return json(
                    502,
                    NODES.objectNode()
                            .put("detail", "a provider refused the request; the operator's log has the details")
                            .put("request_id", requestId));
        }
    }

    /** A short random id that ties an answer to its log line. */
    static String requestId() {
        byte[] bytes = new byte[9];
        RANDOM.nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static IResponse retryLater(String detail) {
        IResponse response = detail(503, detail);
        response.setHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
        return response;
    }
}
