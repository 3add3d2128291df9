package com.busos.campaign.entrypoint;

import com.openfaas.model.AbstractHandler;
import com.openfaas.model.IRequest;
import com.openfaas.model.IResponse;
import com.openfaas.model.Response;

/**
 * Handler run by {@link EntrypointProcessTest} in a separate JVM: {@code /sleep} sleeps for a minute
 * and prints whether it was interrupted (then returns "late", which must never reach the client);
 * other paths answer with the deadline header they were given.
 */
public class InterruptibleHandler extends AbstractHandler {
    @Override
    public IResponse Handle(IRequest request) {
        Response response = new Response();
        if ("/sleep".equals(request.getPathRaw())) {
            try {
                Thread.sleep(60_000);
                System.out.println("HANDLER-NOT-INTERRUPTED");
            } catch (InterruptedException e) {
                System.out.println("HANDLER-INTERRUPTED");
            }
            response.setBody("late");
            return response;
        }
        response.setBody(String.valueOf(request.getHeader(Deadline.HEADER)));
        return response;
    }
}
