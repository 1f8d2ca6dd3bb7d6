package deployer.commands;

import deployer.core.spi.Arguments;
import deployer.core.spi.Command;
import deployer.core.spi.CommandContext;
import deployer.core.spi.CommandResult;
import deployer.core.spi.ExecOptions;
import deployer.core.spi.ExecResult;

/**
 * Runs a shell command line on the task's host. The line is the user's own shell text, passed as is: quoting
 * inside it is the author's; values the deployer itself puts into shell lines are quoted where they are built.
 * To run it as root or another user, the task says {@code sudo: true} / {@code sudo_user} (engine keys, not
 * arguments of this command).
 */
public final class ExecuteCommand implements Command {

    private String shell;
    private boolean pty;

    @Override
    public String name() {
        return "execute_command";
    }

    @Override
    public void initialize(Arguments args) {
        shell = args.string("shell");
        pty = args.bool("pty", false);
        if (shell != null && shell.isBlank()) {
            args.problem("argument 'shell' is empty; expected a command line");
        }
    }

    @Override
    public CommandResult execute(CommandContext context) throws Exception {
        ExecResult result = context.run(shell, ExecOptions.DEFAULT.withPty(pty));
        return result.succeeded() ? CommandResult.succeeded() : CommandResult.failed("'" + shell + "'", result);
    }
}
