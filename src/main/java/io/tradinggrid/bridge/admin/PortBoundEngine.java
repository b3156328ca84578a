package io.tradinggrid.bridge.admin;

import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * Ties the consumers of one platform-http component to one of the two HTTP servers: {@code platform-http} (partners'
 * webhooks, ServiceNow notifications) to the business port, {@code admin-http} (the admin API) to the management
 * port. Camel keeps one router per server, named after its port; with both servers running, the stock engine cannot
 * tell which one is meant. A consumer whose server is not running refuses to start rather than land on the other one.
 */
public class PortBoundEngine extends VertxPlatformHttpEngine {

    private final int port;
    private final String server;

    /**
     * @param server the settings that start the server, for the error message (camel.server, camel.management)
     */
    public PortBoundEngine(int port, String server) {
        this.port = port;
        this.server = server;
    }

    @Override
    public int getServerPort() {
        return port;
    }

    @Override
    public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
        if (VertxPlatformHttpRouter.lookup(getCamelContext(), VertxPlatformHttpRouter.getRouterNameFromPort(port)) == null) {
            throw new IllegalStateException(endpoint.getPath() + " needs the HTTP server on port " + port + ", which is not running: set "
                    + server + ".enabled=true and " + server + ".port");
        }
        return super.createConsumer(endpoint, processor);
    }
}
