package org.openclaw.oversight.config;

/**
 * The local stack's default addresses (DESIGN §8), written down once: the job options, the Kafka
 * connection, the simulator and the stack commands all take their defaults from here. Everything
 * listens on 127.0.0.1 only. The ports are compile-time constants so picocli annotations can use them
 * ({@code defaultValue = "" + LocalAddresses.KAFKA_PORT}).
 */
public final class LocalAddresses {

    public static final String HOST = "127.0.0.1";

    public static final int KAFKA_PORT = 9092;
    public static final int KAFKA_CONTROLLER_PORT = 9095;
    public static final int REGISTRY_PORT = 8081;
    public static final int DB_PORT = 5432;
    public static final int ALERTMANAGER_PORT = 9093;
    /** The first port a local run's web UI tries. */
    public static final int WEB_UI_PORT = 8082;
    /** The Prometheus reporter's port range; a job takes the first free one. */
    public static final String METRICS_PORTS = "9249-9259";

    public static final String DB_NAME = "oversight";
    /** The local stack's database user and password: a local-only credential. */
    public static final String DB_USER = "oversight";
    public static final String DB_PASSWORD = "oversight";

    public static final String KAFKA_BOOTSTRAP = HOST + ":" + KAFKA_PORT;
    public static final String REGISTRY_URL = "http://" + HOST + ":" + REGISTRY_PORT;
    public static final String DB_URL = "jdbc:postgresql://" + HOST + ":" + DB_PORT + "/" + DB_NAME;
    public static final String ALERTMANAGER_URL = "http://" + HOST + ":" + ALERTMANAGER_PORT;

    private LocalAddresses() {}
}
