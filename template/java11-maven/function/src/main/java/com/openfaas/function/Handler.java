package com.openfaas.function;

import com.openfaas.model.AbstractHandler;
import com.openfaas.model.IRequest;
import com.openfaas.model.IResponse;
import com.openfaas.model.Response;

/** Hello world. One instance serves every request, concurrently: keep it thread-safe. */
public class Handler extends AbstractHandler {

    @Override
    public IResponse Handle(IRequest request) {
        String name = request.getBody() == null || request.getBody().isBlank() ? "world" : request.getBody().trim();
        Response response = new Response();
        response.setContentType("text/plain; charset=utf-8");
        response.setBody("Hello, " + name + "!");
        return response;
    }
}
