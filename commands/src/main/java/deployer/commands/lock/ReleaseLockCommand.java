package deployer.commands.lock;

import deployer.core.spi.CommandArgument;
import static deployer.core.spi.CommandArgument.Type.*;
import static deployer.core.spi.CommandArgument.optional;
import static deployer.core.spi.CommandArgument.required;

import deployer.commands.support.Failures;
import deployer.core.spi.Arguments;
import deployer.core.spi.Command;
import deployer.core.spi.CommandContext;
import deployer.core.spi.CommandResult;
import deployer.core.spi.ExecResult;

import java.util.Arrays;
import java.util.List;

/**
 * Gives back this run's lease on a deploy lock ({@code acquire_lock}): stops its renewal and removes the lock
 * directory. A lock this run does not hold (another run's, or none) is left alone and the task is SKIPPED, so a
 * finishing stage may release every lock of the plan even when taking some of them failed. With {@code force: true}
 * ({@code deploy lock release}) the lock is removed whoever holds it, and the result names the lease removed.
 */
public final class ReleaseLockCommand implements Command {

    /** Declared once: checked before initialize, listed in COMMANDS.md and the tasklist schema. */
    static final List<CommandArgument> ARGUMENTS = List.of(required("path", STRING, ""), optional("force", BOOLEAN, false, "remove the lock whoever holds it"));

    @Override
    public List<CommandArgument> arguments() {
        return ARGUMENTS;
    }

    @Override
    public String summary() {
        return "stops the renewal and removes the lock if this run holds it; another run's lock, or none, is left alone (SKIPPED)";
    }

    private String path;
    private boolean force;

    @Override
    public String name() {
        return "release_lock";
    }

    /** A lease belongs to a live run: a resumed run takes (and gives back) its own, whatever the journal says. */
    @Override
    public boolean rerunOnResume() {
        return true;
    }

    @Override
    public String describe() {
        return "release the deploy lock " + path;
    }

    @Override
    public void initialize(Arguments args) {
        path = LeaseScripts.lockPath(args);
        force = args.bool("force", false);
    }

    @Override
    public CommandResult execute(CommandContext context) throws Exception {
        // Renewal first (waiting for one under way), so that it cannot write the lease back after the removal.
        context.scope().cancel(AcquireLockCommand.renewalKey(context, path));
        if (force) {
            return forceRelease(context);
        }
        ExecResult r = LeaseScripts.run(context, LeaseScripts.release(path, context.runId()));
        if (!r.succeeded()) {
            return Failures.of("releasing the deploy lock " + path, r);
        }
        List<String> lines = Arrays.asList(r.stdout().strip().split("\n"));
        return switch (lines.get(0).strip()) {
            case LeaseScripts.RELEASED -> CommandResult.changed("released the deploy lock " + path);
            case LeaseScripts.ABSENT -> CommandResult.skipped("the deploy lock " + path + " is not held");
            default -> {
                Lease other = Lease.parse(lines.subList(1, lines.size()));
                yield CommandResult.skipped("the deploy lock " + path + " is held by "
                        + (other == null ? "another run" : other.holder()) + ", not by this run; left alone");
            }
        };
    }

    private CommandResult forceRelease(CommandContext context) throws Exception {
        ExecResult r = LeaseScripts.run(context, LeaseScripts.forceRelease(path, context.runId()));
        if (!r.succeeded()) {
            return Failures.of("removing the deploy lock " + path, r);
        }
        List<String> lines = Arrays.asList(r.stdout().strip().split("\n"));
        if (!lines.get(0).strip().equals(LeaseScripts.RELEASED)) {
            return CommandResult.skipped("the deploy lock " + path + " is not held");
        }
        Lease removed = Lease.parse(lines.subList(1, lines.size()));
        return CommandResult.changed("removed the deploy lock " + path + "; it was held by "
                + (removed == null ? "a run whose lease file was missing or half written" : removed.holder()));
    }
}
