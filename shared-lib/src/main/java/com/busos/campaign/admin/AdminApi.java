package com.busos.campaign.admin;

import com.busos.campaign.config.Setting;
import com.busos.campaign.sequence.Sequences;
import com.busos.campaign.suppression.QueryString;
import com.busos.campaign.webhook.ClientAddress;
import com.busos.campaign.webhook.EmailAddresses;
import com.busos.campaign.webhook.FieldError;
import com.busos.campaign.webhook.InvalidRequestException;
import com.busos.campaign.webhook.RequestFields;
import com.busos.campaign.webhook.Responses;
import com.busos.campaign.webhook.UnauthorizedException;
import com.busos.campaign.webhook.WebhookGate;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.openfaas.model.IRequest;
import com.openfaas.model.IResponse;
import com.openfaas.model.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * campaign-admin's HTTP surface. The operation is the path after the function's name (the request has
 * no method: reads take their parameters from the query string, changes from a JSON body):
 * <pre>
 *   /stats                           counts and sends per day (next 7 UTC days)
 *   /sends?email=a@example.com       the address's pending and past sends (or {"email"} in the body)
 *   /cancel          {"email", "sequence"?, "reason"?}   cancel the address's sends (of one sequence)
 *   /dead?limit=100                  the dead letters with their errors
 *   /dead/requeue    {"send_id"} or {"all": true}         back on the schedule, due now, attempts reset
 *   /dead/discard    {"send_id"} or {"all": true}         given up for good
 *   /templates/check                 the template check (exists, non-empty, known variables, well-formed HTML)
 *   /reindex                         index sends scheduled before the by-address index existed
 *   /metrics                         Prometheus text format 0.0.4 (counts, sends by outcome, providers)
 * </pre>
 * Every call needs {@code Authorization: Bearer <admin-token>} (401 otherwise); without the admin-token
 * secret every call is answered 503. {@code /metrics} also takes the metrics-token, when that secret is
 * set (for Prometheus's scrape: it opens nothing else), and answers 503 only when neither is set.
 */
public final class AdminApi {
    public static final List<String> OPERATIONS = List.of(
            "/stats",
            "/sends",
            "/cancel",
            "/dead",
            "/dead/requeue",
            "/dead/discard",
            "/templates/check",
            "/reindex",
            "/metrics");
    public static final int DEFAULT_DEAD_LIMIT = 100;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Optional<String> token;
    private final Optional<String> metricsToken;
    private final Supplier<CampaignAdmin> admin;
    private final BadTokenGuard guard;

    public AdminApi(Optional<String> token, Supplier<CampaignAdmin> admin) {
        this(token, Optional.empty(), admin);
    }

    /** With the optional {@code metricsToken}, accepted by /metrics only. */
    public AdminApi(Optional<String> token, Optional<String> metricsToken, Supplier<CampaignAdmin> admin) {
        this(token, metricsToken, admin, new BadTokenGuard(java.time.Clock.systemUTC()));
    }

    /** With {@code guard} remembering the clients that sent wrong tokens (one per function instance). */
    public AdminApi(Optional<String> token, Supplier<CampaignAdmin> admin, BadTokenGuard guard) {
        this(token, Optional.empty(), admin, guard);
    }

    public AdminApi(
            Optional<String> token, Optional<String> metricsToken, Supplier<CampaignAdmin> admin, BadTokenGuard guard) {
        this.token = token.filter(value -> !value.isBlank());
        this.metricsToken = metricsToken.filter(value -> !value.isBlank());
        this.admin = admin;
        this.guard = guard;
    }

    /** Call inside {@link Responses#handle}: its failures (422, 503 Redis, 500 configuration) map there. */
    public IResponse handle(IRequest request) {
        String path = operation(request.getPathRaw());
        boolean metrics = path.equals("/metrics");
        if (token.isEmpty() && !(metrics && metricsToken.isPresent())) {
            return Responses.detail(
                    503, Setting.ADMIN_TOKEN.label() + " is not set: campaign-admin refuses every call until it is");
        }
        String client = ClientAddress.of(request.getHeaders());
        Optional<java.time.Duration> wait = guard.lockedOut(client);
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            IResponse response = Responses.detail(429, "too many wrong admin tokens: try again in " + seconds + " s");
            response.setHeader("Retry-After", Long.toString(seconds));
            return response;
        }
        try {
            if (metrics) checkMetricsAccess(request.getHeaders());
            else new AdminToken(token.get()).check(request.getHeaders());
        } catch (UnauthorizedException unauthorized) {
            guard.failed(client);
            IResponse response = Responses.detail(401, unauthorized.getMessage());
            response.setHeader("WWW-Authenticate", "Bearer realm=\"campaign-admin\"");
            return response;
        }
        guard.succeeded(client);
        String body = request.getBody() == null ? "" : request.getBody();
        WebhookGate.checkSize(body);
        Map<String, String> query = QueryString.parse(request.getQueryRaw());
        switch (path) {
            case "/":
                return Responses.ok(operations());
            case "/stats":
                return Responses.ok(admin.get().stats());
            case "/sends":
                return Responses.ok(admin.get().sendsOf(address(query, body)));
            case "/cancel": {
                RequestFields fields = RequestFields.parse(body);
                String email = fields.requiredEmail("email");
                String sequence = fields.optionalString("sequence", null);
                String reason = fields.optionalString("reason", null);
                if (sequence != null && !knownSequence(sequence)) {
                    fields.addError(new FieldError(
                            "enum",
                            "sequence",
                            "Input should be one of " + String.join(", ", sequenceKeys()),
                            TextNode.valueOf(sequence),
                            null));
                }
                fields.validate();
                return Responses.ok(admin.get().cancel(email, sequence, reason));
            }
            case "/dead":
                return Responses.ok(admin.get().deadLetters(limit(query)));
            case "/dead/requeue":
            case "/dead/discard": {
                Optional<String> sendId = oneOrAll(body);
                CampaignAdmin operations = admin.get();
                if (sendId.isPresent() && !operations.isDead(sendId.get())) {
                    return Responses.detail(404, "send " + sendId.get() + " is not in the dead-letter set");
                }
                return Responses.ok(
                        path.equals("/dead/requeue")
                                ? operations.requeueDead(sendId.orElse(null))
                                : operations.discardDead(sendId.orElse(null)));
            }
            case "/templates/check":
                return Responses.ok(admin.get().checkTemplates());
            case "/reindex":
                return Responses.ok(admin.get().reindex());
            case "/metrics": {
                Response response = new Response();
                response.setStatusCode(200);
                response.setContentType(PrometheusText.CONTENT_TYPE);
                response.setBody(admin.get().metrics());
                return response;
            }
            default: {
                ObjectNode unknown = operations();
                unknown.put("detail", "unknown operation " + path);
                return Responses.json(404, unknown);
            }
        }
    }

    /** /metrics: the admin token or, when set, the metrics token (either is checked, in constant time). */
    private void checkMetricsAccess(Map<String, String> headers) {
        boolean admitted = false;
        UnauthorizedException first = null;
        for (Optional<String> accepted : List.of(token, metricsToken)) {
            if (accepted.isEmpty()) continue;
            try {
                new AdminToken(accepted.get()).check(headers);
                admitted = true;
            } catch (UnauthorizedException wrong) {
                if (first == null) first = wrong;
            }
        }
        if (!admitted) throw first;
    }

    /** "/stats" from "/stats", "/stats/", "stats" or "/function/campaign-admin/stats"; "/" when none. */
    public static String operation(String pathRaw) {
        String path = pathRaw == null ? "" : pathRaw.trim();
        String prefix = "/function/campaign-admin";
        if (path.startsWith(prefix)) path = path.substring(prefix.length());
        while (path.endsWith("/")) path = path.substring(0, path.length() - 1);
        if (path.isEmpty()) return "/";
        return path.startsWith("/") ? path : "/" + path;
    }

    private static ObjectNode operations() {
        ObjectNode answer = NODES.objectNode();
        ArrayNode list = answer.putArray("operations");
        OPERATIONS.forEach(list::add);
        return answer;
    }

    private static String address(Map<String, String> query, String body) {
        String raw = query.get("email");
        if (raw == null && !body.isBlank()) {
            RequestFields fields = RequestFields.parse(body);
            String email = fields.requiredEmail("email");
            fields.validate();
            return email;
        }
        if (raw == null) {
            throw new InvalidRequestException(
                    List.of(new FieldError("missing", "email", "Field required (?email=<address>)", null, null)));
        }
        EmailAddresses.Result parsed = EmailAddresses.parse(raw);
        if (!parsed.valid()) {
            throw new InvalidRequestException(List.of(new FieldError(
                    "value_error",
                    "email",
                    "value is not a valid email address: " + parsed.reason(),
                    TextNode.valueOf(raw),
                    null)));
        }
        return parsed.address();
    }

    /** {"send_id": "<id>"} → that id; {"all": true} → empty (every dead letter); anything else is 422. */
    private static Optional<String> oneOrAll(String body) {
        RequestFields fields = RequestFields.parse(body);
        String sendId = fields.optionalString("send_id", null);
        boolean all = fields.optionalBool("all", false);
        if ((sendId == null) == !all) {
            fields.addError(
                    new FieldError("missing", "send_id", "Give exactly one of send_id or \"all\": true", null, null));
        }
        fields.validate();
        return Optional.ofNullable(sendId);
    }

    private static int limit(Map<String, String> query) {
        String raw = query.get("limit");
        if (raw == null) return DEFAULT_DEAD_LIMIT;
        try {
            int limit = Integer.parseInt(raw);
            if (limit >= 1 && limit <= 10_000) return limit;
        } catch (NumberFormatException notANumber) {
            // below
        }
        throw new InvalidRequestException(List.of(new FieldError(
                "int_parsing", "limit", "limit must be a whole number from 1 to 10000", TextNode.valueOf(raw), null)));
    }

    private static boolean knownSequence(String key) {
        try {
            Sequences.get(key);
            return true;
        } catch (IllegalArgumentException unknown) {
            return false;
        }
    }

    private static List<String> sequenceKeys() {
        return List.of(Sequences.FIVE_DAY, Sequences.NOSHOW, Sequences.POSTCALL, Sequences.ONBOARDING);
    }
}
