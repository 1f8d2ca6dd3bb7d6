package deployer.core.internal.cli.perf;

import deployer.core.internal.cli.BuildTasklistCli;
import deployer.core.internal.cli.DeployCli;
import deployer.core.internal.log.LogSetup;
import net.schmizz.sshj.DefaultConfig;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The training run of the launcher's class-data archive (JDK 17–24: bin/launch.sh runs it under
 * {@code -XX:ArchiveClassesAtExit} whenever the jars change) and of the self-contained release's AOT cache (JDK 25:
 * dist/src/release/self-contained.sh runs it under {@code -XX:AOTCacheOutput} at package time), not a user command.
 * Every later start maps the classes it loaded instead of loading and verifying them again. It walks what a short
 * run walks — option parsing and help, config loading and validation, a generator, the plan JSON, the executor — on
 * the spec's example config, and builds sshj's configuration (its algorithm tables), which every SSH run needs
 * first; given an SSH config and tasklist, it also deploys that tasklist over SSH, so that a connection's classes
 * (transport, key exchange, host and user key checks, a session and its output) are in the cache too. It writes
 * nothing but to the launcher's log; nothing runs remotely but that tasklist.
 *
 * <p>Why: the archive halves a short run's start. Measured (BENCHMARKS.md, "Self-contained release (issue 21)"):
 * {@code build-tasklist --dump} took 0.61 s of client CPU with the AOT cache and 1.16 s without it, a local
 * {@code deploy} of the spec's example 0.92 vs 1.25 s (medians of alternating runs on a loaded machine). Off:
 * {@code DEPLOYER_CDS=off} (bin/launch.sh). A hand-kept list of the SSH connection's classes, loaded here by name,
 * went: it saved 0.14 s of a 50-host run's CPU on JDK 25 but cost a dry run 0.11 s (a larger cache to map), and
 * changed neither measurably on JDK 17. CdsTrainingTest (tests module) fails when a step stops working (a renamed class, a
 * changed option), which would otherwise only shrink the archive, silently; ReleaseTarballTest and
 * SelfContainedReleaseTest check that a run of the release loads its classes from it.
 *
 * <p>Arguments: the spec's example config (conf/test.yaml); then, optionally, a config and a tasklist of SSH tasks
 * to deploy. The self-contained release's build gives them, for a throwaway server it starts on loopback
 * (dist/src/release/TrainingSshd.java, which never reaches the release); bin/launch.sh has no server and gives none.
 * Measured (BENCHMARKS.md, "Self-contained release (issue 21)", "The SSH step of the training"). Each step's failure
 * is printed and skipped: a smaller archive is still an archive, and a failed training must never keep the deployer
 * from starting.
 */
public final class CdsTraining {

    private CdsTraining() {
    }

    public static void main(String[] args) {
        List<String> failed = train(args);
        // Still exit 0: the archive of the steps that worked is kept (the tests module's CdsTrainingTest reads this).
        System.err.println(failed.isEmpty() ? "cds training: every step succeeded" : "cds training: failed steps: " + failed);
        System.exit(0);
    }

    /** Runs every step; returns the names of those that failed (each also printed to stderr). */
    static List<String> train(String[] args) {
        LogSetup.start();
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        List<String> failed = new ArrayList<>();
        step(failed, "--version", () -> BuildTasklistCli.run(new String[] {"--version"}, quiet, quiet));
        step(failed, "--help", () -> DeployCli.run(new String[] {"--help"}, quiet, quiet));
        if ((args.length == 1 || args.length == 3) && Files.isRegularFile(Path.of(args[0]))) {
            step(failed, "build-tasklist --dump", () -> BuildTasklistCli.run(new String[] {"--config", args[0], "--dump"}, quiet, quiet));
            step(failed, "deploy", () -> DeployCli.run(new String[] {"--config", args[0]}, quiet, quiet));
        } else {
            failed.add("config " + List.of(args));
        }
        if (args.length == 3) {
            step(failed, "deploy over ssh", () -> DeployCli.run(new String[] {"--config", args[1], "--tasklist", args[2]}, quiet, quiet));
        }
        step(failed, "--explain-config all", () -> BuildTasklistCli.run(new String[] {"--explain-config", "all"}, quiet, quiet));
        step(failed, "ssh config", () -> {
            new DefaultConfig();
            return 0;
        });
        step(failed, "log4j", CdsTraining::startLog4j);
        return failed;
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
        context.getLogger(CdsTraining.class.getName()).isInfoEnabled();
        Configurator.shutdown(context);
        return 0;
    }

    private static void step(List<String> failed, String name, Step step) {
        long start = System.nanoTime();
        try {
            int rc = step.run();
            System.err.printf("cds training: %s: exit %d in %d ms%n", name, rc, (System.nanoTime() - start) / 1_000_000);
            if (rc != 0) {
                failed.add(name);
            }
        } catch (RuntimeException | LinkageError e) {
            System.err.println("cds training: " + name + " failed (skipped): " + e);
            failed.add(name);
        }
    }

    private interface Step {
        int run();
    }
}
