package deployer.core.internal.cli;

import deployer.core.internal.log.LogSetup;

import java.io.PrintStream;

/** The {@code build-tasklist} launcher: the sub-command is {@link CliTable#BUILD_TASKLIST}. */
public final class BuildTasklistCli {

    private BuildTasklistCli() {
    }

    public static void main(String[] args) {
        LogSetup.start();
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 0 && args[0].equals(CompletionNames.OPTION)) {
            // Hidden (not in --help), as the next: for bin/completion.bash only.
            return CompletionNames.run(args, out, err);
        }
        if (args.length == 1 && args[0].equals(CompletionSpec.OPTION)) {
            return CompletionSpec.run(out);
        }
        return CliTable.BUILD_TASKLIST.run(args, out, err);
    }
}
