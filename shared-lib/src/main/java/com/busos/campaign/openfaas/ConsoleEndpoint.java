package com.busos.campaign.openfaas;

import com.busos.campaign.console.Console;
import com.busos.campaign.console.ConsoleAnswer;
import com.busos.campaign.console.ConsoleRequest;
import com.busos.campaign.console.ConsoleSession;
import com.busos.campaign.log.Log;
import com.busos.campaign.schedule.ScheduleUnavailableException;
import com.busos.campaign.suppression.QueryString;
import com.busos.campaign.webhook.ClientAddress;
import com.busos.campaign.webhook.Headers;
import com.busos.campaign.webhook.WebhookGate;
import com.openfaas.model.IRequest;
import com.openfaas.model.IResponse;
import com.openfaas.model.Response;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import lombok.RequiredArgsConstructor;

/**
 * The console's HTTP side ({@link Console}): which of campaign-admin's requests are the console's, and
 * the request and answer in OpenFaaS's shapes. The console has {@code /console/…} and, when the request
 * carries no {@code Authorization} header, {@code /} (with one, {@code /} stays the JSON API's list of
 * operations, and every other path is the API's). The request has no method: a body means a form POST
 * (the entrypoint reads the body only of a POST). Links and the cookie's Path are the function's
 * path as the browser sees it: {@code /function/campaign-admin}, after {@code X-Forwarded-Prefix} when
 * a proxy in front of the gateway mounts it under a path of its own.
 */
@RequiredArgsConstructor
public final class ConsoleEndpoint {
    public static final String FUNCTION_PATH = "/function/campaign-admin";

    private static final Pattern PREFIX = Pattern.compile("(/[A-Za-z0-9._~-]+)+");
    private static final int MAX_FIELDS = 20;

    private final Console console;
    private final Log log;

    /** True when the request is the console's rather than the JSON API's. */
    public static boolean handles(IRequest request) {
        String path = path(request.getPathRaw());
        if (Console.isConsolePath(path)) return true;
        return path.equals("/") && Headers.get(request.getHeaders(), "Authorization") == null;
    }

    public IResponse handle(IRequest request) {
        Map<String, String> headers = request.getHeaders();
        String prefix = prefix(headers);
        String body = request.getBody() == null ? "" : request.getBody();
        WebhookGate.checkSize(body);
        ConsoleAnswer answer;
        Map<String, String> form = body.isEmpty() ? null : form(body);
        if (!body.isEmpty() && form == null) {
            answer = Console.failure(400, prefix, "The form could not be read.");
        } else {
            ConsoleRequest console = new ConsoleRequest(
                    path(request.getPathRaw()),
                    QueryString.parse(request.getQueryRaw()),
                    form,
                    cookie(Headers.get(headers, "Cookie")),
                    ClientAddress.of(headers),
                    prefix,
                    secure(headers));
            try {
                answer = this.console.handle(console);
            } catch (ScheduleUnavailableException unavailable) {
                log.error("redis.unavailable")
                        .with("status", 503)
                        .error(unavailable)
                        .write();
                answer = Console.failure(503, prefix, "Redis is unavailable: nothing was changed. Try again shortly.");
            }
        }
        Response response = new Response();
        response.setStatusCode(answer.status());
        response.setBody(answer.body());
        for (Map.Entry<String, String> header : answer.headers().entrySet()) {
            if (header.getKey().equals("Content-Type")) response.setContentType(header.getValue());
            else response.setHeader(header.getKey(), header.getValue());
        }
        if (answer.status() == 503) response.setHeader("Retry-After", "30");
        return response;
    }

    /** "/console/dead" from "/console/dead", "/console/dead/" or "/function/campaign-admin/console/dead"; "/" when none. */
    static String path(String pathRaw) {
        return com.busos.campaign.admin.AdminApi.operation(pathRaw);
    }

    /** Where the browser reaches the function: a proxy's X-Forwarded-Prefix (when well-formed), then /function/campaign-admin. */
    static String prefix(Map<String, String> headers) {
        String forwarded = Headers.get(headers, "X-Forwarded-Prefix");
        String outer = "";
        if (forwarded != null) {
            String trimmed = forwarded.trim();
            while (trimmed.endsWith("/")) trimmed = trimmed.substring(0, trimmed.length() - 1);
            if (trimmed.length() <= 200 && PREFIX.matcher(trimmed).matches()) outer = trimmed;
        }
        return outer + FUNCTION_PATH;
    }

    /**
     * Whether the cookie gets {@code Secure}: always, but for plain http on a loopback address (the
     * local gateway at http://127.0.0.1:8080), where a browser would not keep it.
     */
    static boolean secure(Map<String, String> headers) {
        String proto = Headers.get(headers, "X-Forwarded-Proto");
        if (proto != null && proto.trim().equalsIgnoreCase("https")) return true;
        String host = Headers.get(headers, "X-Forwarded-Host");
        if (host == null) host = Headers.get(headers, "Host");
        if (host == null) return true;
        String name = host.trim().toLowerCase(Locale.ROOT);
        if (name.startsWith("[")) name = name.substring(0, Math.max(1, name.indexOf(']') + 1));
        else if (name.indexOf(':') >= 0) name = name.substring(0, name.indexOf(':'));
        return !(name.equals("localhost") || name.equals("[::1]") || name.startsWith("127."));
    }

    /** The session cookie's value from a Cookie header, or null. */
    static String cookie(String header) {
        if (header == null) return null;
        for (String pair : header.split(";")) {
            String trimmed = pair.trim();
            if (trimmed.startsWith(ConsoleSession.COOKIE + "=")) {
                return trimmed.substring(ConsoleSession.COOKIE.length() + 1);
            }
        }
        return null;
    }

    /** An application/x-www-form-urlencoded body ('+' is a space), first value of each name; null when malformed. */
    static Map<String, String> form(String body) {
        return QueryString.form(body, MAX_FIELDS);
    }
}
