package deployer.core.internal.cli;

import deployer.core.internal.log.LogSetup;
import net.schmizz.sshj.DefaultConfig;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The training run of the class-data-sharing archive, not a user command: bin/launch.sh runs it once under
 * {@code -XX:ArchiveClassesAtExit} whenever the jars change, and every later start maps the classes it loaded
 * instead of loading and verifying them again (BENCHMARKS.md, "CLI start-up"). It walks what a short run walks —
 * option parsing and help, config loading and validation, a generator, the plan JSON, the executor — on the
 * spec's example config, and builds sshj's configuration (its algorithm tables and crypto provider), which every
 * SSH run needs first. The classes of the SSH connection itself (sshj's transport, the JDK's and BouncyCastle's
 * crypto) are loaded by name from {@value #SSH_CLASSES}, since a training run has no server to connect to: without
 * them an SSH run loaded and verified ~300 classes from the jars (BENCHMARKS.md, "Fourth pass").
 * ReleaseTarballTest checks on real OpenSSH that the list still covers a run, and writes the list it should be when
 * it does not. It writes nothing but to the launcher's log; nothing runs remotely.
 *
 * <p>Argument: the spec's example config (conf/test.yaml). Each step's failure is printed and skipped: a
 * smaller archive is still an archive, and a failed training must never keep the deployer from starting.
 */
public final class CdsTraining {

    static final String SSH_CLASSES = "cds-ssh-classes.txt";

    private CdsTraining() {
    }

    public static void main(String[] args) {
        LogSetup.start();
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        step("--version", () -> BuildTasklistCli.run(new String[] {"--version"}, quiet, quiet));
        step("--help", () -> DeployCli.run(new String[] {"--help"}, quiet, quiet));
        if (args.length == 1 && Files.isRegularFile(Path.of(args[0]))) {
            step("build-tasklist --dump", () -> BuildTasklistCli.run(new String[] {"--config", args[0], "--dump"}, quiet, quiet));
            step("deploy", () -> DeployCli.run(new String[] {"--config", args[0]}, quiet, quiet));
        }
        step("--explain-config all", () -> BuildTasklistCli.run(new String[] {"--explain-config", "all"}, quiet, quiet));
        step("ssh config", () -> {
            new DefaultConfig();
            return 0;
        });
        step("ssh classes", CdsTraining::loadSshClasses);
        step("log4j", CdsTraining::startLog4j);
        System.exit(0);
    }

    /**
     * Starts Log4j on conf/log4j2.xml in a context of its own, as every run does, so that its configuration's classes
     * (the XML parser, plugins, appenders) start from the archive too.
     */
    private static int startLog4j() {
        String location = System.getProperty("log4j2.configurationFile");
        if (location == null) {
            return 1;
        }
        LoggerContext context = Configurator.initialize("cds-training", null, Path.of(location).toUri());
        context.getLogger("deployer.core.internal.cli.CdsTraining").isInfoEnabled();
        Configurator.shutdown(context);
        return 0;
    }

    /** Loads (without initialising) each class the list names; the exit code is the number not found. */
    private static int loadSshClasses() {
        InputStream in = CdsTraining.class.getResourceAsStream(SSH_CLASSES);
        if (in == null) {
            throw new IllegalStateException(SSH_CLASSES + " is missing from the jar");
        }
        int missing = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String name = line.strip();
                if (name.isEmpty() || name.startsWith("#")) {
                    continue;
                }
                try {
                    Class.forName(name, false, CdsTraining.class.getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    // A class renamed by a library upgrade: the archive only lacks it, and the launcher's log says so.
                    System.err.println("cds training: no class " + name);
                    missing++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return missing;
    }

    private static void step(String name, Step step) {
        long start = System.nanoTime();
        try {
            int rc = step.run();
            System.err.printf("cds training: %s: exit %d in %d ms%n", name, rc, (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException | LinkageError e) {
            System.err.println("cds training: " + name + " failed (skipped): " + e);
        }
    }

    private interface Step {
        int run();
    }
}
