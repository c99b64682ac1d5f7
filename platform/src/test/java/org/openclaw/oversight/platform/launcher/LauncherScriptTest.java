package org.openclaw.oversight.platform.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's {@code ./oversight} launcher rebuilds when its classpath was made for another checkout: a
 * reactor build names every module jar by absolute path, so a copied checkout would otherwise run the
 * original's code. The script runs for real; {@code mvn} and {@code java} are stand-ins on PATH that record
 * what they were asked, so no build happens.
 */
class LauncherScriptTest {

    private static final Path SCRIPT = Path.of("..", "oversight").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private Path original;
    private Path bin;

    @BeforeEach
    void fakeTools() throws IOException {
        bin = Files.createDirectories(dir.resolve("bin"));
        // what a reactor build writes: module jars of *this* checkout, by absolute path
        executable(bin.resolve("mvn"), """
                #!/bin/sh
                root=$(dirname "$4")
                echo "mvn $*" >> "$root/../tool-calls.log"
                mkdir -p "$root/platform/target" "$root/common/target"
                touch "$root/common/target/oversight-common.jar"
                printf '%s' "$root/common/target/oversight-common.jar" > "$root/platform/target/oversight.classpath"
                """);
        executable(bin.resolve("java"), """
                #!/bin/sh
                while [ "$1" != "-cp" ]; do shift; done
                echo "java -cp $2"
                """);
        original = checkout("original");
    }

    @Test
    void aCopiedCheckoutRebuildsInsteadOfRunningTheOriginalsJars() throws Exception {
        assertThat(launch(original).output).contains("first run");
        assertThat(launch(original).output).doesNotContain("building")
                .contains("java -cp " + original + "/platform/target/classes:" + original + "/common/target/");

        Path copy = dir.resolve("copy");
        copyTree(original, copy); // keeps the build's files and their times, as cp -a does
        Run run = launch(copy);
        assertThat(run.output).contains("building the CLI").contains("made for " + original)
                .contains("java -cp " + copy + "/platform/target/classes:" + copy + "/common/target/")
                .doesNotContain(original + "/common");
        assertThat(Files.readString(copy.resolve("platform/target/oversight.classpath.root")).trim())
                .isEqualTo(copy.toString());
        assertThat(launch(copy).output).doesNotContain("building");
    }

    @Test
    void aJarOfTheLastBuildThatIsGoneTriggersARebuild() throws Exception {
        launch(original);
        Files.delete(original.resolve("common/target/oversight-common.jar"));
        assertThat(launch(original).output).contains("a jar of the last build is gone");
        assertThat(original.resolve("common/target/oversight-common.jar")).exists();
    }

    @Test
    void aChangedSourceTriggersARebuild() throws Exception {
        launch(original);
        Path source = Files.createDirectories(original.resolve("common/src/main/java")).resolve("Changed.java");
        Files.writeString(source, "class Changed {}");
        assertThat(launch(original).output).contains("sources changed");
        assertThat(launch(original).output).doesNotContain("building");
    }

    private Path checkout(String name) throws IOException {
        Path root = Files.createDirectories(dir.resolve(name));
        Files.copy(SCRIPT, root.resolve("oversight"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        return root;
    }

    private record Run(int exitCode, String output) {}

    private Run launch(Path root) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", root.resolve("oversight").toString(), "status")
                .redirectErrorStream(true);
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return new Run(process.exitValue(), output);
    }

    private static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

}
