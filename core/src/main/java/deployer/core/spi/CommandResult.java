package deployer.core.spi;

import java.util.List;
import java.util.Objects;

/**
 * What a command's {@code execute} returns: success, a deliberate skip, or a failure with its reason.
 *
 * @param exitStatus the exit status of the command line a failure came from, when there was one (reports show it);
 *                   null otherwise
 */
public record CommandResult(Outcome outcome, FailureReason reason, String message, List<String> outputTail, Integer exitStatus) {

    public enum Outcome { SUCCEEDED, SKIPPED, FAILED }

    public CommandResult {
        Objects.requireNonNull(outcome);
        message = message == null ? "" : message;
        outputTail = outputTail == null ? List.of() : List.copyOf(outputTail);
        if (outcome == Outcome.FAILED) {
            Objects.requireNonNull(reason, "a failure needs a reason");
        }
    }

    public CommandResult(Outcome outcome, FailureReason reason, String message, List<String> outputTail) {
        this(outcome, reason, message, outputTail, null);
    }

    public static CommandResult succeeded() {
        return new CommandResult(Outcome.SUCCEEDED, null, "", List.of());
    }

    public static CommandResult succeeded(String message) {
        return new CommandResult(Outcome.SUCCEEDED, null, message, List.of());
    }

    public static CommandResult skipped(String why) {
        return new CommandResult(Outcome.SKIPPED, null, why, List.of());
    }

    public static CommandResult failed(FailureReason reason, String message) {
        return new CommandResult(Outcome.FAILED, reason, message, List.of());
    }

    public static CommandResult failed(FailureReason reason, String message, List<String> outputTail) {
        return new CommandResult(Outcome.FAILED, reason, message, outputTail);
    }

    /** A failed remote command: NON_ZERO_EXIT with the exit status and the last lines of stderr. */
    public static CommandResult failed(String what, ExecResult exec) {
        String status = exec.exitStatus() == null ? "no exit status" : "exit status " + exec.exitStatus();
        return new CommandResult(Outcome.FAILED, FailureReason.NON_ZERO_EXIT, what + " failed with " + status, exec.stderrTail(),
                exec.exitStatus());
    }

    public boolean isFailure() {
        return outcome == Outcome.FAILED;
    }
}
