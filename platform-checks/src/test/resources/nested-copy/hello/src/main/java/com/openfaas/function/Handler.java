package com.openfaas.function;

import com.busos.campaign.nestedcopy.Greeting;
import com.openfaas.model.AbstractHandler;
import com.openfaas.model.IRequest;
import com.openfaas.model.IResponse;
import com.openfaas.model.Response;

/** Answers with the nested copied module's greeting. */
public class Handler extends AbstractHandler {

    @Override
    public IResponse Handle(IRequest request) {
        Response response = new Response();
        response.setContentType("text/plain; charset=utf-8");
        response.setBody(Greeting.of(request.getBody().trim()));
        return response;
    }
}
