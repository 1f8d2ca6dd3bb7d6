package deployer.core.internal.cli;

import deployer.core.internal.log.LogSetup;

import java.io.PrintStream;

/** The {@code deploy} launcher: its sub-commands (status, run, shell, …, and the deploy itself) are {@link CliTable#DEPLOY}. */
public final class DeployCli {

    // No static logger here: the main class is initialised before main runs, and a logger made then would configure
    // Log4j before LogSetup.start has chosen its one logging context (see LogSetup.start).

    private DeployCli() {
    }

    public static void main(String[] args) {
        LogSetup.start();
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return CliTable.DEPLOY.run(args, out, err);
    }
}
