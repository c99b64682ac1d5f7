package org.openclaw.oversight.platform.run;

import java.nio.file.Path;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.AppenderComponentBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;

/**
 * Logging of `oversight run JOB` (the CLI's binding is Log4j 2 through log4j-slf4j-impl): everything
 * Flink, Kafka and the job log goes to {@code <data dir>/logs/<job>.log}, rolled at 20 MB with 5 old
 * files kept; the terminal gets only the job's concise status lines (printed, not logged) and
 * warnings of our own code.
 */
public final class JobLogFile {

    static final String MAX_FILE_SIZE = "20 MB";
    static final int OLD_FILES_KEPT = 5;

    private JobLogFile() {}

    public static Path of(Path dataDir, String job) {
        return dataDir.resolve("logs").resolve(job + ".log");
    }

    public static void configure(Path logFile) {
        ConfigurationBuilder<BuiltConfiguration> config = ConfigurationBuilderFactory.newConfigurationBuilder();
        config.setConfigurationName("oversight-run");
        config.setStatusLevel(Level.ERROR);

        AppenderComponentBuilder file = config.newAppender("JobLog", "RollingFile")
                .addAttribute("fileName", logFile.toString())
                .addAttribute("filePattern", logFile + ".%i")
                .add(config.newLayout("PatternLayout").addAttribute("pattern", "%d{ISO8601} %-5p %c{1.} [%t] - %m%n%throwable"))
                .addComponent(config.newComponent("Policies")
                        .addComponent(config.newComponent("SizeBasedTriggeringPolicy").addAttribute("size", MAX_FILE_SIZE)))
                .addComponent(config.newComponent("DefaultRolloverStrategy").addAttribute("max", OLD_FILES_KEPT));
        AppenderComponentBuilder terminal = config.newAppender("Terminal", "Console")
                .addAttribute("target", ConsoleAppender.Target.SYSTEM_ERR)
                .add(config.newLayout("PatternLayout").addAttribute("pattern", "%d{HH:mm:ss} %p %c{1}: %m%n"))
                .add(config.newFilter("ThresholdFilter", Filter.Result.ACCEPT, Filter.Result.DENY).addAttribute("level", Level.WARN));
        config.add(file).add(terminal);

        config.add(config.newRootLogger(Level.INFO).add(config.newAppenderRef("JobLog")));
        // our own warnings also reach the terminal; Flink's and Kafka's stay in the file
        config.add(config.newLogger("org.openclaw.oversight", Level.INFO).add(config.newAppenderRef("Terminal"))
                .addAttribute("additivity", true));
        // per-client config dumps of every Kafka producer/consumer would drown the job's own lines
        config.add(config.newLogger("org.apache.kafka", Level.WARN));
        Configurator.reconfigure(config.build());
    }
}
