package deployer.core.internal.cli;

import deployer.core.internal.log.LogSetup;
import net.schmizz.sshj.DefaultConfig;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The training run of the class-data-sharing archive, not a user command: bin/launch.sh runs it once under
 * {@code -XX:ArchiveClassesAtExit} whenever the jars change, and every later start maps the classes it loaded
 * instead of loading and verifying them again (BENCHMARKS.md, "CLI start-up"). It walks what a short run walks —
 * option parsing and help, config loading and validation, a generator, the plan JSON, the executor — on the
 * spec's example config, and builds sshj's configuration (its algorithm tables and crypto provider), which every
 * SSH run needs first. It writes nothing but to the launcher's log; nothing runs remotely.
 *
 * <p>Argument: the spec's example config (conf/test.yaml). Each step's failure is printed and skipped: a
 * smaller archive is still an archive, and a failed training must never keep the deployer from starting.
 */
public final class CdsTraining {

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
        System.exit(0);
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
