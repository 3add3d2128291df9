package com.busos.campaign.bench;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import com.sun.net.httpserver.spi.HttpServerProvider;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Lets the official java11 entrypoint, whose port is hard-coded (8082), listen on a free port: the JDK's
 * own server, created by its own provider, only at the port in {@value #PORT_PROPERTY}. Installed in the
 * official entrypoint's JVM with {@code -Dcom.sun.net.httpserver.HttpServerProvider=<this class>} and
 * {@code --add-exports jdk.httpserver/sun.net.httpserver=ALL-UNNAMED}; nothing else about the server
 * changes, so the benchmark measures the same server on any machine, whatever holds 8082.
 */
public final class PortChangingServerProvider extends HttpServerProvider {

    static final String PORT_PROPERTY = "bench.official.port";
    static final String JDK_PROVIDER = "sun.net.httpserver.DefaultHttpServerProvider";

    private final HttpServerProvider jdk;

    public PortChangingServerProvider() {
        try {
            jdk = (HttpServerProvider)
                    Class.forName(JDK_PROVIDER).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the JDK's HttpServerProvider (" + JDK_PROVIDER + "): " + e, e);
        }
    }

    @Override
    public HttpServer createHttpServer(InetSocketAddress address, int backlog) throws IOException {
        return jdk.createHttpServer(moved(address), backlog);
    }

    @Override
    public HttpsServer createHttpsServer(InetSocketAddress address, int backlog) throws IOException {
        return jdk.createHttpsServer(moved(address), backlog);
    }

    private static InetSocketAddress moved(InetSocketAddress address) {
        if (address == null) {
            return null;
        }
        return new InetSocketAddress(address.getAddress(), Integer.getInteger(PORT_PROPERTY, address.getPort()));
    }

    /** The JVM flags that make a child JVM's JDK server listen on {@code port}. */
    static java.util.List<String> jvmFlags(int port) {
        return java.util.List.of(
                "--add-exports=jdk.httpserver/sun.net.httpserver=ALL-UNNAMED",
                "-Dcom.sun.net.httpserver.HttpServerProvider=" + PortChangingServerProvider.class.getName(),
                "-D" + PORT_PROPERTY + "=" + port);
    }
}
