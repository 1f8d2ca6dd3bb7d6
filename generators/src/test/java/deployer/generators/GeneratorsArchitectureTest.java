package deployer.generators;

import deployer.core.testing.ForbiddenPackages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generators build on the SPI ({@code deployer.core.spi}) and the data packages (config, model, json), never on the
 * engine's implementation ({@code deployer.core.internal}: hosts, CLIs, the job queue) nor on {@code core.exec}
 * (how plans run, a facade type for embedding programs, not for plugins). A plain
 * scan of the sources: any mention of those packages in generators/src/main — import, static import or a fully
 * qualified name, in code or javadoc — fails the build, naming file and line.
 */
class GeneratorsArchitectureTest {

    private static final Pattern FORBIDDEN = Pattern.compile("\\bdeployer\\.core\\.(internal|exec)\\b");
    /** Surefire runs in the module's directory. */
    private static final Path MAIN_SOURCES = Path.of("src/main/java");

    @Test
    void generatorSourcesUseTheSpiNotCoreInternalOrExec() throws IOException {
        List<Path> sources = javaFiles(MAIN_SOURCES);
        // The scan must see the real sources, or it proves nothing.
        assertThat(sources).as("Java sources under " + MAIN_SOURCES.toAbsolutePath()).hasSizeGreaterThan(5);
        assertThat(sources).anySatisfy(f -> assertThat(Files.readString(f)).contains("import deployer.core.spi.Hosts;"));
        assertThat(violations(MAIN_SOURCES)).isEmpty();
    }

    @Test
    void theScanFindsImportsStaticImportsAndQualifiedNames(@TempDir Path dir) throws IOException {
        Path pkg = Files.createDirectories(dir.resolve("deployer/generators/bad"));
        Files.writeString(pkg.resolve("Bad.java"), """
                package deployer.generators.bad;

                import deployer.core.spi.Hosts;
                import deployer.core.internal.host.ssh.SshHost;
                import static deployer.core.exec.Executor.run;

                class Bad {
                    Object o = new deployer.core.internal.host.LocalHost("local");
                    Object fine = deployer.core.internals.Name.X; // another package that merely starts alike
                }
                """);
        assertThat(violations(dir)).containsExactly(
                "deployer/generators/bad/Bad.java:4: deployer.core.internal",
                "deployer/generators/bad/Bad.java:5: deployer.core.exec",
                "deployer/generators/bad/Bad.java:8: deployer.core.internal");
    }

    private static List<String> violations(Path root) throws IOException {
        return ForbiddenPackages.violations(root, FORBIDDEN);
    }

    private static List<Path> javaFiles(Path root) throws IOException {
        return ForbiddenPackages.javaFiles(root);
    }
}
