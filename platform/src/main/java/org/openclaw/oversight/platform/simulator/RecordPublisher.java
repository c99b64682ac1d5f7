package org.openclaw.oversight.platform.simulator;

/** Where simulated records go; Kafka in production, a list in tests. */
public interface RecordPublisher extends AutoCloseable {

    void publish(SimulatedRecord record);

    /** Blocks until everything published so far is acknowledged. */
    void flush();

    @Override
    void close();
}
