package com.busos.campaign.entrypoint;

import com.openfaas.model.AbstractHandler;
import com.openfaas.model.IRequest;
import com.openfaas.model.IResponse;
import com.openfaas.model.Response;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Handler run by {@link EntrypointProcessTest} in a separate JVM whose constructor does not return
 * until the file named by env START_RELEASE_FILE exists: a handler that is slow to load.
 */
public class SlowStartHandler extends AbstractHandler {

    public SlowStartHandler() throws InterruptedException {
        System.out.println("CONSTRUCTOR-ENTERED");
        Path release = Path.of(System.getenv("START_RELEASE_FILE"));
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!Files.exists(release) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    @Override
    public IResponse Handle(IRequest request) {
        Response response = new Response();
        response.setBody("loaded");
        return response;
    }
}
