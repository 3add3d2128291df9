package com.busos.campaign.entrypoint;

import com.openfaas.model.AbstractHandler;
import com.openfaas.model.IRequest;
import com.openfaas.model.IResponse;
import com.openfaas.model.Response;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Handler run by {@link EntrypointProcessTest} in a separate JVM. On {@code /slow}: says on stdout that
 * it was entered, then holds the request until the file named by env RELEASE_FILE exists. Any other
 * path: answers "ok" at once.
 */
public class ReleaseFileHandler extends AbstractHandler {
    @Override
    public IResponse Handle(IRequest request) {
        if (!"/slow".equals(request.getPathRaw())) {
            Response ok = new Response();
            ok.setBody("ok");
            return ok;
        }
        System.out.println("HANDLER-ENTERED");
        Path release = Path.of(System.getenv("RELEASE_FILE"));
        long deadline = System.nanoTime() + 120_000_000_000L;
        try {
            while (!Files.exists(release) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Response response = new Response();
        response.setBody(Files.exists(release) ? "released" : "never released");
        return response;
    }
}
