package deployer.core.spi;

import java.util.List;
import java.util.Objects;

/**
 * What a command's {@code execute} returns: success, a deliberate skip, or a failure with its reason. A success says
 * whether it {@code changed} the host ({@link #changed(String)}): the recap counts those apart, as Ansible's does.
 * Checks and reads never change anything; a command that found the host already as wanted (a link already pointing
 * at the release, a file already absent) says so with a plain {@link #succeeded(String)}.
 *
 * @param exitStatus the exit status of the command line a failure came from, when there was one (reports show it);
 *                   null otherwise
 */
public record CommandResult(Outcome outcome, FailureReason reason, String message, List<String> outputTail, Integer exitStatus,
                            boolean changed) {

    public enum Outcome { SUCCEEDED, SKIPPED, FAILED }

    public CommandResult {
        Objects.requireNonNull(outcome);
        message = message == null ? "" : message;
        outputTail = outputTail == null ? List.of() : List.copyOf(outputTail);
        if (outcome == Outcome.FAILED) {
            Objects.requireNonNull(reason, "a failure needs a reason");
        }
        if (outcome != Outcome.SUCCEEDED) {
            // A failure may have changed things too, but nobody can say what: the recap counts it as failed.
            changed = false;
        }
    }

    /** A result that changed nothing (or a failure), without an exit status. */
    public CommandResult(Outcome outcome, FailureReason reason, String message, List<String> outputTail) {
        this(outcome, reason, message, outputTail, null, false);
    }

    /** A result that changed nothing (or a failure). */
    public CommandResult(Outcome outcome, FailureReason reason, String message, List<String> outputTail, Integer exitStatus) {
        this(outcome, reason, message, outputTail, exitStatus, false);
    }

    /** Success that changed the host: something was written, moved, started, stopped. */
    public static CommandResult changed(String message) {
        return new CommandResult(Outcome.SUCCEEDED, null, message, List.of(), null, true);
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
