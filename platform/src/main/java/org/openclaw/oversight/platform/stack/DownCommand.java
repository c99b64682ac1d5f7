package org.openclaw.oversight.platform.stack;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.openclaw.oversight.platform.run.LocalJobs;
import org.openclaw.oversight.platform.stack.StackState.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Stops exactly the processes `up` recorded, newest first, and waits until each is gone. */
@Command(name = "down", mixinStandardHelpOptions = true,
        description = "Stop the jobs of `oversight run` (each takes a last checkpoint) and what `oversight up` started "
                + "(and nothing else). --purge also deletes the data folder.")
public final class DownCommand implements Callable<Integer> {

    @Mixin
    StackSettings settings;

    @Option(names = "--purge", description = "Also delete the data folder (topics, database, logs).")
    boolean purge;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        boolean clean = stopJobs(out);
        StackState state = StackState.load(settings.stateFile());
        clean &= stopServers(state, StackComponents.START_ORDER, out);
        if (clean) {
            state.delete();
        }
        if (purge) {
            Path data = settings.dataDir();
            if (Files.exists(data)) {
                deleteRecursively(data);
                out.println("Deleted " + data);
            }
        }
        return clean ? 0 : 1;
    }

    /**
     * Stops those of {@code names} that the state file records, newest first, and drops them from it
     * (saved). External ones are left running. False if one could not be stopped.
     */
    public static boolean stopServers(StackState state, java.util.Collection<String> names, PrintWriter out) throws Exception {
        boolean clean = true;
        List<String> order = new ArrayList<>(StackComponents.START_ORDER);
        order.retainAll(names);
        java.util.Collections.reverse(order);
        for (String name : order) {
            Component component = state.component(name).orElse(null);
            if (component == null) {
                continue;
            }
            if (component.pid() == null) {
                out.printf("%-16s external, left running%n", name);
            } else if (!component.processAlive()) {
                out.printf("%-16s was not running%n", name);
            } else {
                boolean stopped = ServerStop.stop(name, component.pid());
                clean &= stopped;
                out.printf("%-16s %s (pid %d)%n", name, stopped ? "stopped" : "COULD NOT BE STOPPED", component.pid());
            }
            state.remove(name);
        }
        return clean;
    }

    /** Jobs first: they write to the servers until they stop. */
    private boolean stopJobs(PrintWriter out) throws Exception {
        return new LocalJobs(settings.dataDir()).stopAll(out);
    }

    private static void deleteRecursively(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
