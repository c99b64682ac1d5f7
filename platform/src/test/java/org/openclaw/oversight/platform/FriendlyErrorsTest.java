package org.openclaw.oversight.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** An error names the whole command the user typed and what to do, without a stack trace. */
class FriendlyErrorsTest {

    @Command(name = "oversight", subcommands = Group.class)
    static final class Root {}

    @Command(name = "dlq", subcommands = Leaf.class)
    static final class Group {}

    @Command(name = "list")
    static final class Leaf implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new UserFacingException("no address for Kafka", "pass --bootstrap-servers");
        }
    }

    @Test
    void theMessageStartsWithTheFullCommandAndEndsWithWhatToDo() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Root()).setExecutionExceptionHandler(new FriendlyErrors())
                .setErr(new PrintWriter(err, true)).setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        int exit = cli.execute("dlq", "list");
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).startsWith("oversight dlq list: no address for Kafka")
                .contains("  -> pass --bootstrap-servers").doesNotContain("at org.openclaw");
    }
}
