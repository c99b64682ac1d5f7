package org.openclaw.oversight.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Free-port finding and port-in-use checks, all on 127.0.0.1 where every local server binds. */
public final class Ports {

    public static final String LOOPBACK = "127.0.0.1";

    private Ports() {}

    /** A port nothing listens on right now (the kernel's choice of an ephemeral port). */
    public static int pickFree() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new ServerStartException("could not find a free port on " + LOOPBACK + ": " + e.getMessage(), e);
        }
    }

    /** {@code port} itself, or a free one when it is 0; throws {@link PortInUseException} when taken. */
    public static int resolve(String server, int port) {
        if (port == 0) {
            return pickFree();
        }
        requireFree(server, port);
        return port;
    }

    public static void requireFree(String server, int port) {
        if (!isFree(port)) {
            throw new PortInUseException(server, port);
        }
    }

    /** True when a listener could bind 127.0.0.1:port now. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** True when something accepts TCP connections on 127.0.0.1:port. */
    public static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
