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
import deployer.core.spi.ExecOptions;
import deployer.core.spi.ExecResult;
import deployer.core.spi.Shell;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Runs a shell command line on the task's host. The line is the user's own shell text, passed as is: quoting
 * inside it is the author's; values the deployer itself puts into shell lines are quoted where they are built.
 * {@code env} sets variables for the line, so a password can travel apart from the line and be marked
 * {@code "sensitive": ["env"]}: then it is masked wherever it shows, also when the program echoes it.
 * To run it as root or another user, the task says {@code sudo: true} / {@code sudo_user} (engine keys, not
 * arguments of this command).
 */
public final class ExecuteCommand implements Command {

    /** Declared once: checked before initialize, listed in COMMANDS.md and the tasklist schema. */
    static final List<CommandArgument> ARGUMENTS = List.of(required("shell", STRING, ""), optional("pty", BOOLEAN, false, ""), optional("env", OBJECT, "NAME → string or number"));

    @Override
    public List<CommandArgument> arguments() {
        return ARGUMENTS;
    }

    @Override
    public String summary() {
        return "runs a shell line (with `env` exported first); non-zero exit fails with the last stderr lines (as root or another user with the task keys `sudo: true` / `sudo_user`)";
    }

    static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private String shell;
    private boolean pty;
    private final Map<String, String> env = new TreeMap<>();

    @Override
    public String name() {
        return "execute_command";
    }

    @Override
    public String describe() {
        return "run: " + shell;
    }

    @Override
    public void initialize(Arguments args) {
        shell = args.string("shell");
        pty = args.bool("pty", false);
        if (shell != null && shell.isBlank()) {
            args.problem("argument 'shell' is empty; expected a command line");
        }
        env.putAll(environment(args));
    }

    /** The {@code env} argument: variable names to string (or number) values, each checked. */
    public static Map<String, String> environment(Arguments args) {
        Map<String, String> env = new TreeMap<>();
        args.map("env", Map.of()).forEach((name, value) -> {
            if (!VARIABLE.matcher(name).matches()) {
                args.problem("argument 'env': '" + name + "' is not a variable name (letters, digits, '_'; not a digit first)");
            } else if (value instanceof String || value instanceof Number) {
                env.put(name, value.toString());
            } else {
                args.problem("argument 'env': the value of " + name + " must be a string or a number");
            }
        });
        return env;
    }

    @Override
    public CommandResult execute(CommandContext context) throws Exception {
        // The line's output is what the user ran it for: shown at INFO, unlike the helper scripts of other commands.
        ExecResult result = context.runShown(withEnvironment(env, shell), ExecOptions.DEFAULT.withPty(pty));
        // What a shell line did nobody can tell: like Ansible's shell module, it counts as a change.
        return result.succeeded() ? CommandResult.changed("") : CommandResult.failed("'" + shell + "'", result);
    }

    /** {@code export NAME='value'; shell}: inside the line, so it holds under sudo and over SSH alike. */
    public static String withEnvironment(Map<String, String> env, String shell) {
        if (env.isEmpty()) {
            return shell;
        }
        StringBuilder line = new StringBuilder("export");
        env.forEach((name, value) -> line.append(' ').append(name).append('=').append(Shell.quote(value)));
        return line.append("; ").append(shell).toString();
    }
}
