package deployer.core.internal.cli;

import java.io.PrintStream;

/** {@code deploy run --tty}: one host, the remote command on a pseudo-terminal wired to ours. */
final class TtyRun {

    private TtyRun() {
    }

    static int run(Preparation p, String command, PrintStream err) throws UsageException {
        throw new UsageException("--tty is not available yet");
    }
}
