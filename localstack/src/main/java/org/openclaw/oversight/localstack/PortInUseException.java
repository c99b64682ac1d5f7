package org.openclaw.oversight.localstack;

import java.util.Optional;

/** A server was asked for a fixed port that something else already listens on. */
public final class PortInUseException extends ServerStartException {

    private final String server;
    private final int port;
    private final String holder;

    public PortInUseException(String server, int port) {
        this(server, port, PortHolder.describe(port).orElse(null));
    }

    private PortInUseException(String server, int port, String holder) {
        super(server + ": port " + port + " is already in use "
                + (holder != null ? "by " + holder : "(by another oversight stack?)")
                + " — stop it or choose another port");
        this.server = server;
        this.port = port;
        this.holder = holder;
    }

    public String server() {
        return server;
    }

    public int port() {
        return port;
    }

    /** "pid 812 (postgres)" when the listening process could be seen. */
    public Optional<String> holder() {
        return Optional.ofNullable(holder);
    }
}
