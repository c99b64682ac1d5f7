package org.openclaw.oversight.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Installs a Debian package when a server's binary is missing and we are root; otherwise explains what to
 * install. Packages whose maintainer scripts would start a system service are installed with a temporary
 * policy-rc.d that forbids it, so the only server running is the one we start on our own port.
 */
final class DebianPackage {

    private static final Path POLICY_RC_D = Path.of("/usr/sbin/policy-rc.d");

    private DebianPackage() {}

    static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Installs {@code pkg} or throws a {@link ServerStartException} saying what to do instead. */
    static void install(String pkg, String neededFor, Path logFile) {
        if (!runningAsRoot() || !Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            throw new ServerStartException(neededFor + " is not installed. What to do: install the Debian package "
                    + pkg + " (sudo apt-get install -y " + pkg + "), or run as root so it is installed for you");
        }
        System.err.println("oversight localstack: " + neededFor + " is missing; installing the Debian package "
                + pkg + " with apt-get (output in " + logFile + ")");
        boolean ownPolicy = false;
        try {
            if (!Files.exists(POLICY_RC_D)) {
                // exit 101 = "action forbidden": invoke-rc.d then skips starting the package's service
                Files.writeString(POLICY_RC_D, "#!/bin/sh\n# temporary, written by oversight-localstack\nexit 101\n");
                POLICY_RC_D.toFile().setExecutable(true);
                ownPolicy = true;
            }
            if (apt(logFile, "install", "-y", "-q", pkg) != 0) {
                // most often a stale package list on a fresh machine
                System.err.println("oversight localstack: apt-get install failed; running apt-get update and retrying");
                apt(logFile, "update", "-q");
                if (apt(logFile, "install", "-y", "-q", pkg) != 0) {
                    throw new ServerStartException(ServerStartException.describe(
                            "apt-get install -y " + pkg + " failed", logFile,
                            "install " + pkg + " by hand and read apt's message"));
                }
            }
        } catch (IOException e) {
            throw new ServerStartException("could not run apt-get to install " + pkg + ": " + e.getMessage()
                    + ". What to do: apt-get install -y " + pkg, e);
        } finally {
            if (ownPolicy) {
                try {
                    Files.deleteIfExists(POLICY_RC_D);
                } catch (IOException ignored) {
                    System.err.println("oversight localstack: could not remove the temporary " + POLICY_RC_D);
                }
            }
        }
    }

    private static int apt(Path logFile, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("apt-get", "-o", "DPkg::Lock::Timeout=300"));
        command.addAll(List.of(args));
        Files.createDirectories(logFile.getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Process process = builder.start();
        try {
            if (!process.waitFor(Duration.ofMinutes(10).toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
