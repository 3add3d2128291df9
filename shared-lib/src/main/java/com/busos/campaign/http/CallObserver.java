package com.busos.campaign.http;

/**
 * The logging and metrics hook: told of every HTTP attempt to a provider (retries each count). It gets
 * the method, the path and the outcome, never a header or a body, so no secret can reach it.
 */
public interface CallObserver {
    CallObserver NONE = (provider, method, path, status, millis) -> {};

    /**
     * @param status the HTTP status, or 0 when no answer came (the connection failed or dropped)
     * @param millis how long the attempt took
     */
    void attempted(String provider, String method, String path, int status, long millis);
}
