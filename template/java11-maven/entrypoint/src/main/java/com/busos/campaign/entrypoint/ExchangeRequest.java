package com.busos.campaign.entrypoint;

import com.openfaas.model.IRequest;
import com.openfaas.model.Request;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@link IRequest} given to a handler.
 *
 * <p>Query and path parsing ({@link #getQuery()}, {@link #getPath()}) are delegated to the official
 * {@link Request} so that they behave exactly as with the official entrypoint. Header look-ups are
 * case-insensitive: {@code getHeader("X-Connector")}, {@code getHeader("x-connector")} and
 * {@code getHeaders().get("X-CONNECTOR")} all find the header the cron-connector sends. Header names
 * are presented in canonical form ({@code X-Connector}, {@code Content-Type}), as the OpenFaaS
 * gateway (Go) forwards them. A header sent several times keeps its first value, as before.
 */
public final class ExchangeRequest implements IRequest {

    private final String body;
    private final Map<String, String> headers;
    private final String queryRaw;
    private final String pathRaw;
    private final Request official;

    public ExchangeRequest(String body, Map<String, String> headers, String queryRaw, String pathRaw) {
        this.body = body == null ? "" : body;
        this.headers = caseInsensitiveCopy(headers);
        this.queryRaw = queryRaw;
        this.pathRaw = pathRaw;
        this.official = new Request(this.body, this.headers, queryRaw, pathRaw);
    }

    /** A mutable, case-insensitive copy whose keys are in canonical form. */
    static Map<String, String> caseInsensitiveCopy(Map<String, String> source) {
        Map<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (source != null) {
            for (Map.Entry<String, String> e : source.entrySet()) {
                if (e.getKey() != null && e.getValue() != null) {
                    copy.putIfAbsent(canonicalName(e.getKey()), e.getValue());
                }
            }
        }
        return copy;
    }

    /** Canonical MIME header form, as Go's net/http writes it: {@code x-call-id} becomes {@code X-Call-Id}. */
    public static String canonicalName(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean upper = true;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 'A' || c > 'z') {
                out.append(c);
            } else {
                out.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            }
            upper = c == '-';
        }
        return out.toString();
    }

    @Override
    public String getBody() {
        return body;
    }

    @Override
    public Map<String, String> getHeaders() {
        return headers;
    }

    @Override
    public String getHeader(String key) {
        return key == null ? null : headers.get(key);
    }

    @Override
    public String getQueryRaw() {
        return queryRaw;
    }

    @Override
    public Map<String, String> getQuery() {
        return official.getQuery();
    }

    @Override
    public String getPathRaw() {
        return pathRaw;
    }

    @Override
    public Map<String, String> getPath() {
        return official.getPath();
    }

    @Override
    public String toString() {
        return "ExchangeRequest{path=" + pathRaw + ", query=" + queryRaw + ", headers=" + headers.keySet() + ", body="
                + body.length() + " chars}";
    }
}
