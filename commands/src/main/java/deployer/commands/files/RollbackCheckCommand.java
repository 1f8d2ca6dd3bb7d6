package deployer.commands.files;

import deployer.commands.support.Failures;
import deployer.commands.support.PathArguments;
import deployer.core.spi.Arguments;
import deployer.core.spi.Command;
import deployer.core.spi.CommandArgument;
import deployer.core.spi.CommandContext;
import deployer.core.spi.CommandResult;
import deployer.core.spi.ExecResult;
import deployer.core.spi.FailureReason;
import deployer.core.spi.RunProgress;

import java.util.List;
import java.util.Optional;

import static deployer.core.spi.CommandArgument.Type.STRING;
import static deployer.core.spi.CommandArgument.required;
import static deployer.core.spi.Shell.quote;

/**
 * The first link of an automatic rollback's chain on one host ({@code on_failure: rollback}): it decides, when it
 * runs, whether the rest of the chain goes ahead ({@link Command#guardsChain()}), and skips it (with why) unless
 * <ul>
 *   <li>the run failed by itself: not stopped or aborted by an operator, and no task failed {@code GATE_ABORTED}
 *       (a gate answered "abort": stop, roll nothing back);</li>
 *   <li>no earlier step of the rollback failed (a failure in a finishing stage before this one): a rollback that
 *       fails stops there, and each host it did not reach says what it runs;</li>
 *   <li>the host's {@code link} points at {@code release}, the one this run installed: a host whose link still
 *       points at {@code previous} was never switched (or its switch never happened) and is left alone, as is one
 *       whose link points anywhere else.</li>
 * </ul>
 * A missing {@code previous} release fails it: there is nothing to go back to.
 */
public final class RollbackCheckCommand implements Command {

    /** The failure reason of a gate an operator answered "abort" (declared by the approve gate). */
    static final String GATE_ABORTED = "GATE_ABORTED";

    static final List<CommandArgument> ARGUMENTS = List.of(required("servicename", STRING, "for messages"),
            required("link", STRING, "the service's current link"), required("release", STRING, "the release this run installed"),
            required("previous", STRING, "the release the host ran before this run"));

    private String service;
    private String link;
    private String release;
    private String previous;

    @Override
    public String name() {
        return "rollback_check";
    }

    @Override
    public List<CommandArgument> arguments() {
        return ARGUMENTS;
    }

    @Override
    public String summary() {
        return "first link of an automatic rollback's chain: skips the chain unless the run failed by itself (no operator stop or abort, no GATE_ABORTED), no earlier rollback step failed, and `link` points at `release`";
    }

    @Override
    public boolean idempotent() {
        return true;
    }

    @Override
    public boolean guardsChain() {
        return true;
    }

    @Override
    public String describe() {
        return "check whether " + service + " goes back from " + release + " to " + previous;
    }

    @Override
    public void initialize(Arguments args) {
        service = args.string("servicename");
        link = PathArguments.required(args, "link");
        release = PathArguments.required(args, "release");
        previous = PathArguments.required(args, "previous");
    }

    @Override
    public CommandResult execute(CommandContext context) throws Exception {
        Optional<String> notNow = notAfterThisFailure(context.progress());
        ExecResult read = context.run("if [ -L " + quote(link) + " ]; then readlink " + quote(link) + "; else echo '-'; fi");
        if (!read.succeeded()) {
            return Failures.of("reading the link " + link, read);
        }
        String current = read.stdout().strip().equals("-") ? null : read.stdout().strip();
        if (current == null && notNow.isEmpty()) {
            return CommandResult.failed(FailureReason.COMMAND_ERROR, "cannot roll back " + service + ": " + link + " is not a symlink");
        }
        String on = service + " stays on " + (current == null ? "(no link)" : current);
        if (notNow.isPresent()) {
            return CommandResult.skipped("no automatic rollback: " + notNow.get() + "; " + on);
        }
        if (current.equals(previous)) {
            return CommandResult.skipped("never changed: " + on + ", as before this run");
        }
        if (!current.equals(release)) {
            return CommandResult.skipped("left alone: its link points neither at this run's release " + release + " nor at "
                    + previous + "; " + on);
        }
        ExecResult there = context.run("[ -d " + quote(previous) + " ]");
        if (!there.succeeded()) {
            return CommandResult.failed(FailureReason.COMMAND_ERROR, "cannot roll back " + service + " to " + previous + ": it is no longer there");
        }
        return CommandResult.succeeded("switched by this run to " + release + "; rolling back to " + previous);
    }

    /** Why this run's failure is not one to roll back, if it is not. */
    static Optional<String> notAfterThisFailure(RunProgress progress) {
        if (progress.stopRequested()) {
            return Optional.of("the run was stopped by an operator");
        }
        List<RunProgress.Failure> failures = progress.failures();
        Optional<RunProgress.Failure> aborted = failures.stream().filter(f -> f.reason().name().equals(GATE_ABORTED)).findFirst();
        if (aborted.isPresent()) {
            return Optional.of("a gate was answered abort (task " + aborted.get().task() + ")");
        }
        Optional<RunProgress.Failure> ownFailure = failures.stream().filter(RunProgress.Failure::finishing).findFirst();
        if (ownFailure.isPresent()) {
            return Optional.of("the rollback stopped at a failure (task " + ownFailure.get() + ")");
        }
        if (failures.isEmpty()) {
            return Optional.of("no task failed");
        }
        return Optional.empty();
    }
}
