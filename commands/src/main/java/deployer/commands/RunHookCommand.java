package deployer.commands;

import deployer.core.spi.CommandArgument;
import java.util.List;
import static deployer.core.spi.CommandArgument.Type.*;
import static deployer.core.spi.CommandArgument.optional;
import static deployer.core.spi.CommandArgument.required;

import deployer.core.spi.Arguments;
import deployer.core.spi.Command;
import deployer.core.spi.CommandContext;
import deployer.core.spi.CommandResult;
import deployer.core.spi.ExecResult;

import java.util.Map;
import java.util.TreeMap;

/**
 * A deploy hook ({@code hooks: {before_deploy, after_deploy, on_failure, after_rollback}}): the user's command line
 * on the task's host with the run's facts as environment variables. The planned facts come in {@code env}; the two
 * only the run knows are added when it runs: {@code DEPLOY_RUN_ID} and {@code DEPLOY_RESULT} (how the run stands:
 * {@code succeeded}, {@code failed}, {@code stopped} or {@code aborted}). Every value is exported single-quoted
 * ({@link deployer.core.spi.Shell#quote}), never spliced into the line. How long it may take is the task's own
 * {@code timeout} (an engine key).
 */
public final class RunHookCommand implements Command {

    /** Declared once: checked before initialize, listed in COMMANDS.md and the tasklist schema. */
    static final List<CommandArgument> ARGUMENTS = List.of(required("shell", STRING, "the user's command line, as is"), optional("hook", STRING, "hook", "its event name, for logs"), optional("env", OBJECT, "NAME → string or number"));

    @Override
    public List<CommandArgument> arguments() {
        return ARGUMENTS;
    }

    @Override
    public String summary() {
        return "a deploy hook: runs the line with `env` exported (each value single-quoted, never spliced into the line) plus `DEPLOY_RUN_ID` and `DEPLOY_RESULT` (how the run stands when the hook runs: `succeeded`, `failed`, `stopped`, `aborted`), which only the run knows and `env` may not set; non-zero exit fails it; its time limit is the task's `timeout`";
    }

    public static final String RUN_ID = "DEPLOY_RUN_ID";
    public static final String RESULT = "DEPLOY_RESULT";

    private String shell;
    private String hook;
    private Map<String, String> env;

    @Override
    public String name() {
        return "run_hook";
    }

    @Override
    public void initialize(Arguments args) {
        shell = args.string("shell");
        hook = args.string("hook", "hook");
        if (shell != null && shell.isBlank()) {
            args.problem("argument 'shell' is empty; expected a command line");
        }
        env = ExecuteCommand.environment(args);
        if (env.containsKey(RUN_ID) || env.containsKey(RESULT)) {
            args.problem("argument 'env': " + RUN_ID + " and " + RESULT + " are set by the run itself");
        }
    }

    @Override
    public CommandResult execute(CommandContext context) throws Exception {
        Map<String, String> all = new TreeMap<>(env);
        all.put(RUN_ID, context.runId().value());
        all.put(RESULT, context.progress().status());
        context.log().info("Running the {} hook: {}", hook, context.redaction().mask(shell));
        ExecResult result = context.run(ExecuteCommand.withEnvironment(all, shell));
        return result.succeeded() ? CommandResult.succeeded(hook + " hook done")
                : CommandResult.failed(hook + " hook '" + shell + "'", result);
    }
}
