package deployer.commands.files;

import deployer.core.spi.CommandArgument;
import java.util.List;
import static deployer.core.spi.CommandArgument.Type.*;
import static deployer.core.spi.CommandArgument.optional;
import static deployer.core.spi.CommandArgument.required;

import deployer.commands.support.Failures;
import deployer.commands.support.PathArguments;
import deployer.core.spi.Arguments;
import deployer.core.spi.Command;
import deployer.core.spi.CommandContext;
import deployer.core.spi.CommandResult;
import deployer.core.spi.ExecResult;

import static deployer.core.spi.Shell.quote;

/**
 * Removes a file, symlink or (with {@code recursive}) a directory tree, then checks it is really gone: the
 * original reported success without looking. A path that is already absent is a success.
 */
public final class RemoveFileCommand implements Command {

    /** Declared once: checked before initialize, listed in COMMANDS.md and the tasklist schema. */
    static final List<CommandArgument> ARGUMENTS = List.of(required("path", STRING, ""), optional("recursive", BOOLEAN, false, ""));

    @Override
    public List<CommandArgument> arguments() {
        return ARGUMENTS;
    }

    @Override
    public String summary() {
        return "removes, then verifies it is gone";
    }

    private String path;
    private boolean recursive;

    @Override
    public String name() {
        return "remove_file";
    }

    /** Its name before command names were snake_case throughout; saved plans with it still run. */
    @Override
    public java.util.List<String> formerNames() {
        return java.util.List.of("removefile");
    }

    /** Running it again is safe: removing what is gone is a no-op. */
    @Override
    public boolean idempotent() {
        return true;
    }

    @Override
    public String describe() {
        return "remove " + path + (recursive ? " and all under it" : "");
    }

    @Override
    public void initialize(Arguments args) {
        path = PathArguments.required(args, "path");
        recursive = args.bool("recursive", false);
        if (path != null && PathArguments.isRoot(path)) {
            args.problem("argument 'path': refusing to remove '" + path + "'");
        }
    }

    @Override
    public CommandResult execute(CommandContext context) throws Exception {
        String sh = "p=" + quote(path) + "\n"
                + "if [ ! -e \"$p\" ] && [ ! -L \"$p\" ]; then echo absent; exit 0; fi\n"
                + (recursive ? "rm -rf \"$p\" || exit 1\n"
                   : "if [ -d \"$p\" ] && [ ! -L \"$p\" ]; then echo \"$p is a directory; set recursive to remove it\" >&2; exit 1; fi\n"
                     + "rm -f \"$p\" || exit 1\n")
                + "if [ -e \"$p\" ] || [ -L \"$p\" ]; then echo \"$p is still there after rm\" >&2; exit 1; fi\n"
                + "echo removed\n";
        ExecResult r = context.run(sh);
        if (!r.succeeded()) {
            return Failures.of("removing " + path, r);
        }
        return r.stdout().strip().equals("absent") ? CommandResult.succeeded(path + " was already absent")
                : CommandResult.changed("removed " + path);
    }
}
