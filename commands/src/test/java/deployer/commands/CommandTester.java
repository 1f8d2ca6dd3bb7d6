package deployer.commands;

import deployer.core.internal.exec.CommandRegistry;
import deployer.core.internal.host.LocalHost;
import deployer.core.model.Task;
import deployer.core.model.RunId;
import deployer.core.model.TaskId;
import deployer.core.spi.Arguments;
import deployer.core.spi.Command;
import deployer.core.spi.CommandContext;
import deployer.core.spi.CommandResult;
import deployer.core.spi.RemoteHost;
import deployer.core.spi.RunScope;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Builds a command from the registry as the Executor does, initializes it with a task's arguments and runs it on
 * a real host (by default {@code new LocalHost("local:t1")}: real /bin/sh, real files).
 */
public final class CommandTester {

    public static final String HOST = "local:t1";
    private static final CommandRegistry REGISTRY = CommandRegistry.load();

    /** What a run returned and logged. */
    public record Run(CommandResult result, RecordingLogger log) {
        public String message() {
            return result.message();
        }
    }

    private final String command;
    private final Map<String, Object> arguments = new LinkedHashMap<>();
    private String remoteHost = HOST;
    private RemoteHost host;
    private BooleanSupplier stopRequested = () -> false;
    private RunId runId = RunId.create();
    private boolean dryRun;

    private CommandTester(String command) {
        this.command = command;
    }

    public static CommandTester command(String name) {
        return new CommandTester(name);
    }

    public CommandTester arg(String key, Object value) {
        arguments.put(key, value);
        return this;
    }

    public CommandTester args(Map<String, Object> values) {
        arguments.putAll(values);
        return this;
    }

    public CommandTester without(String key) {
        arguments.remove(key);
        return this;
    }

    /** The task's {@code remote_host}, for the default host name. */
    public CommandTester remoteHost(String remoteHost) {
        this.remoteHost = remoteHost;
        return this;
    }

    /** Runs on this host instead of a LocalHost. */
    public CommandTester on(RemoteHost host) {
        this.host = host;
        return this;
    }

    public CommandTester stopWhen(BooleanSupplier stopRequested) {
        this.stopRequested = stopRequested;
        return this;
    }

    /** The id of the run the task belongs to (default: a fresh one per tester). */
    public CommandTester runId(RunId runId) {
        this.runId = runId;
        return this;
    }

    public Command newCommand() {
        return REGISTRY.create(command).orElseThrow(() -> new AssertionError("command '" + command + "' is not registered"));
    }

    public Task task() {
        Task.Builder b = Task.builder(command).host(remoteHost);
        arguments.forEach(b::arg);
        return b.build();
    }

    /** Initializes a new instance and returns its arguments (with the problems found). */
    public Arguments initialize(Command c) {
        Arguments args = new Arguments(task(), TaskId.of(1, 1), java.util.Set.of(), c.arguments());
        c.initialize(args);
        return args;
    }

    /** The problems initialize found, unknown arguments included, as the Executor reports them. */
    public List<String> problems() {
        Arguments args = initialize(newCommand());
        List<String> problems = new java.util.ArrayList<>(args.problems().stream().map(p -> p.message()).toList());
        args.unused().forEach(u -> problems.add("unknown argument '" + u + "'"));
        return problems;
    }

    /** Executes as {@code deploy --dry-run --diff} does: {@link CommandContext#dryRun()} set. */
    public CommandTester dryRun() {
        this.dryRun = true;
        return this;
    }

    /** Initializes (asserting there is no problem) and executes. */
    public Run run() throws Exception {
        return run(newCommand());
    }

    /** The same with an instance made by the test (one given a fake of what it reaches, e.g. its state directory). */
    public Run run(Command c) throws Exception {
        Arguments args = initialize(c);
        assertThat(args.problems()).as("problems of " + command).isEmpty();
        assertThat(args.unused()).as("unknown arguments of " + command).isEmpty();
        RecordingLogger log = new RecordingLogger();
        RemoteHost target = host != null ? host : new LocalHost(remoteHost);
        try {
            CommandContext context = new CommandContext(TaskId.of(1, 1), null, target, log, stopRequested, runId, RunScope.NONE, deployer.core.model.Redaction.NONE);
            CommandResult result = c.execute(dryRun ? context.asDryRun() : context);
            assertThat(result).as("result of " + command).isNotNull();
            return new Run(result, log);
        } finally {
            if (host == null) {
                target.close();
            }
        }
    }
}
