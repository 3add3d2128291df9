package com.openfaas.function;

import com.openfaas.model.AbstractHandler;
import com.openfaas.model.IRequest;
import com.openfaas.model.IResponse;
import com.openfaas.model.Response;

/**
 * The handler both entrypoints serve in benchmark 1. Its name is the one the official entrypoint's
 * ServiceLoader file names. {@code BENCH_HANDLER_DELAY_MS} (default 0) makes every call wait that long
 * before answering, as a call to Notion would; 0 answers at once.
 */
public class Handler extends AbstractHandler {
    private static final long DELAY_MS = Long.parseLong(System.getenv().getOrDefault("BENCH_HANDLER_DELAY_MS", "0"));

    @Override
    public IResponse Handle(IRequest request) {
        if (DELAY_MS > 0) {
            try {
                Thread.sleep(DELAY_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Response response = new Response();
        response.setContentType("application/json");
        response.setBody("{\"ok\":true,\"received\":" + request.getBody().length() + "}");
        return response;
    }
}
