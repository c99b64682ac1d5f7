package org.openclaw.oversight.localstack;

import java.time.Duration;

/**
 * What a running server costs: how long it took to become ready and how much memory it holds now.
 *
 * @param name server name, e.g. "kafka"
 * @param address what clients connect to (bootstrap servers, JDBC URL, HTTP URL)
 * @param pid OS process id, or -1 for in-process or external servers
 * @param startDuration from launching the process to the readiness check passing
 * @param residentBytes resident memory (VmRSS) of the process and its children, or -1 when unknown
 */
public record ServerStats(String name, String address, long pid, Duration startDuration, long residentBytes) {

    public long residentMiB() {
        return residentBytes < 0 ? -1 : residentBytes / (1024 * 1024);
    }

    @Override
    public String toString() {
        return String.format("%-14s %-45s pid %-7s started in %5.1f s  RSS %s",
                name, address, pid < 0 ? "-" : Long.toString(pid), startDuration.toMillis() / 1000.0,
                residentBytes < 0 ? "-" : residentMiB() + " MiB");
    }
}
