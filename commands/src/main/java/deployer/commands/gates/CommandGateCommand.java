package deployer.commands.gates;

import deployer.commands.ExecuteCommand;
import deployer.commands.RunHookCommand;
import deployer.core.spi.Arguments;
import deployer.core.spi.Command;
import deployer.core.spi.CommandArgument;
import deployer.core.spi.CommandContext;
import deployer.core.spi.CommandResult;
import deployer.core.spi.ExecResult;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static deployer.core.spi.CommandArgument.Type.OBJECT;
import static deployer.core.spi.CommandArgument.Type.STRING;
import static deployer.core.spi.CommandArgument.optional;
import static deployer.core.spi.CommandArgument.required;

/**
 * A {@code command} gate: the user's command line on the task's host (the controller, or a host of the batch), its
 * exit status the verdict. It gets the run's facts as a hook does ({@code env}, each value single-quoted, plus
 * {@code DEPLOY_RUN_ID} and {@code DEPLOY_RESULT}); a non-zero exit fails the gate GATE_FAILED with the exit status
 * and the last lines of stderr. Its time limit is the task's {@code timeout}.
 */
public final class CommandGateCommand implements Command {

    static final List<CommandArgument> ARGUMENTS = List.of(required("shell", STRING, "the user's command line, as is"),
            optional("env", OBJECT, "NAME → string or number"), Gates.AFTER);

    private String shell;
    private Map<String, String> env;
    private String after;

    @Override
    public String name() {
        return "gate_command";
    }

    @Override
    public List<CommandArgument> arguments() {
        return ARGUMENTS;
    }

    @Override
    public String summary() {
        return "a gate between deploy batches: runs the line with `env` exported (as `run_hook` does, with `DEPLOY_RUN_ID` and"
                + " `DEPLOY_RESULT`); exit 0 passes, any other fails it GATE_FAILED with the exit status and stderr's last lines";
    }

    @Override
    public boolean idempotent() {
        return true;
    }

    @Override
    public String describe() {
        return "gate after " + after + ": " + shell;
    }

    @Override
    public void initialize(Arguments args) {
        shell = args.string("shell");
        after = args.string("after", "the batch");
        if (shell != null && shell.isBlank()) {
            args.problem("argument 'shell' is empty; expected a command line");
        }
        env = ExecuteCommand.environment(args);
        if (env.containsKey(RunHookCommand.RUN_ID) || env.containsKey(RunHookCommand.RESULT)) {
            args.problem("argument 'env': " + RunHookCommand.RUN_ID + " and " + RunHookCommand.RESULT + " are set by the run itself");
        }
    }

    @Override
    public CommandResult execute(CommandContext context) throws Exception {
        Map<String, String> all = new TreeMap<>(env);
        all.put(RunHookCommand.RUN_ID, context.runId().value());
        all.put(RunHookCommand.RESULT, context.progress().status());
        String what = "command gate after " + after + " on " + context.host().name();
        context.log().info("Checking the gate after {}: {}", after, context.redaction().mask(shell));
        ExecResult result = context.run(ExecuteCommand.withEnvironment(all, shell));
        if (result.succeeded()) {
            return CommandResult.succeeded(what + " passed: '" + context.redaction().mask(shell) + "' exited 0" + lastLine(result.stdout()));
        }
        String status = result.exitStatus() == null ? "no exit status" : "exit status " + result.exitStatus();
        return new CommandResult(CommandResult.Outcome.FAILED, Gates.GATE_FAILED, what + " failed: '" + context.redaction().mask(shell) + "' ended with " + status,
                result.stderrTail(), result.exitStatus());
    }

    /** What the check printed last, as what it measured ("error rate 0.2%"). */
    private static String lastLine(String stdout) {
        List<String> lines = stdout == null ? List.of() : stdout.strip().lines().toList();
        return lines.isEmpty() ? "" : ", saying: " + lines.get(lines.size() - 1);
    }
}
