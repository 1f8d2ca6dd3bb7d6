package deployer.core.spi;

import java.util.List;

/**
 * A named action of a tasklist ({@code "command": "upload"}). Registered with {@link java.util.ServiceLoader};
 * one new instance per task, so a command may keep its validated arguments in fields.
 *
 * <p>The Executor calls {@link #initialize} on every command of the whole tasklist before anything runs;
 * a problem recorded there (or thrown) stops the run before it starts. Then {@link #execute} runs the task.
 */
public interface Command {

    /** The name used in tasklists, in snake_case. */
    String name();

    /**
     * The arguments the command takes, declared once: before {@link #initialize} the engine reports every argument of
     * the task that is not declared here, every required one missing and every value of the wrong type; COMMANDS.md
     * and the tasklist JSON Schema list them. Empty (the default, for a command that declares nothing): every
     * argument {@code initialize} did not read is reported as unknown instead.
     */
    default List<CommandArgument> arguments() {
        return List.of();
    }

    /** What the command does, in a sentence or two, for COMMANDS.md and the schema. */
    default String summary() {
        return "";
    }

    /**
     * Names the command had before (a rename to snake_case): a plan that still uses one runs, with one deprecation
     * warning per old name and plan naming the first task and the new name; a saved or dumped plan has the new name.
     */
    default List<String> formerNames() {
        return List.of();
    }

    /** Reads and checks the arguments; records problems on {@code args} rather than throwing. */
    void initialize(Arguments args);

    /**
     * Does the work on {@code context.host()}. Return a failed result for an expected failure; an exception
     * is a failure too ({@link HostException} keeps its reason, anything else is COMMAND_ERROR).
     */
    CommandResult execute(CommandContext context) throws Exception;

    /**
     * What this task does, in a few words, for the log line when it starts: "stop worker1", "unpack app.tar.gz into
     * /opt/app". Called after {@link #initialize}; sensitive values are masked before it is shown. Empty (the default)
     * when the command's name says it all.
     */
    default String describe() {
        return "";
    }

    /**
     * Whether running this command again after it ran (fully, partly, or not at all) leaves the host as one run
     * would: checks, reads, a link switch to a fixed target. Resume reruns such a task that started without an end,
     * and retries apply to them; a task may say {@code idempotent: true/false} itself. The default is the safe no.
     */
    default boolean idempotent() {
        return false;
    }

    /**
     * Whether a resumed run must run this task again even when the journal says it succeeded: work that holds
     * something for the life of one process, such as a deploy lock's lease.
     */
    default boolean rerunOnResume() {
        return false;
    }

    /**
     * Whether the command can preview: run with {@link CommandContext#dryRun()} set, it changes nothing and returns
     * what it would change (a unified diff, say) as its result's message. {@code deploy --dry-run --diff} runs only
     * the tasks whose command previews; every other task is left out of such a run.
     */
    default boolean previews() {
        return false;
    }

    /**
     * Whether a SKIPPED result of this command skips the links after it in its chain too (they end SKIPPED with its
     * reason): a check that decides at run time, on the host, whether the chain's work is needed there (an automatic
     * rollback's check of what the host's link points at). A link that is not first in its chain guards the rest.
     */
    default boolean guardsChain() {
        return false;
    }

    /**
     * Whether this command's result message is a line of the run's summary (printed with the run's headline): a
     * finishing task that says what a run did to the fleet ("rolled back 2 hosts to v1; 4 never changed").
     */
    default boolean summarizesRun() {
        return false;
    }
}
