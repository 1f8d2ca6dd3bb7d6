package deployer.core.spi;

import java.util.List;

/**
 * The outcome of one command line run on a host.
 *
 * @param exitStatus the exit status, or null when the host gave none (killed by a signal, channel lost): a failure
 * @param stdout     standard output, kept up to {@link ExecOptions#MAX_CAPTURED_STDOUT} characters
 * @param stderrTail the last lines of standard error, for failure messages
 */
public record ExecResult(Integer exitStatus, String stdout, List<String> stderrTail) {

    public ExecResult {
        stdout = stdout == null ? "" : stdout;
        stderrTail = List.copyOf(stderrTail);
    }

    public boolean succeeded() {
        return exitStatus != null && exitStatus == 0;
    }
}
