package org.openclaw.oversight.localstack;

/** A server was asked for a fixed port that something else already listens on. */
public final class PortInUseException extends ServerStartException {

    private final int port;

    public PortInUseException(String server, int port) {
        super(server + ": port " + port + " is already in use (by another oversight stack?)"
                + " — stop it or choose another port");
        this.port = port;
    }

    public int port() {
        return port;
    }
}
