package deployer.commands.support;

import deployer.core.spi.CommandResult;
import deployer.core.spi.ExecResult;
import deployer.core.spi.FailureReason;

import java.util.List;

/** Failed results whose message says what failed and why (the last line of stderr), not just an exit status. */
public final class Failures {

    private Failures() {
    }

    public static CommandResult of(String what, ExecResult r) {
        String status = r.exitStatus() == null ? "no exit status" : "exit status " + r.exitStatus();
        List<String> err = r.stderrTail();
        String why = err.isEmpty() ? "" : ": " + err.get(err.size() - 1);
        return CommandResult.failed(FailureReason.NON_ZERO_EXIT, what + " failed (" + status + ")" + why, err);
    }
}
