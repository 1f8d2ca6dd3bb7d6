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

import java.util.Optional;

import static deployer.core.spi.Shell.quote;

/** {@code mkdir -p}, optionally emptying an existing directory first ({@code clobber}) and setting its mode. */
public final class CreateDirectoryCommand implements Command {

    /** Declared once: checked before initialize, listed in COMMANDS.md and the tasklist schema. */
    static final List<CommandArgument> ARGUMENTS = List.of(required("path", STRING, ""), optional("clobber", BOOLEAN, false, ""), Modes.argument(null));

    @Override
    public List<CommandArgument> arguments() {
        return ARGUMENTS;
    }

    @Override
    public String summary() {
        return "`mkdir -p`; with clobber an existing dir is emptied first";
    }

    private String path;
    private boolean clobber;
    private Optional<String> mode;

    @Override
    public String name() {
        return "create_directory";
    }

    /** Its name before command names were snake_case throughout; saved plans with it still run. */
    @Override
    public java.util.List<String> formerNames() {
        return java.util.List.of("createdirectory");
    }

    /** Running it again is safe: mkdir -p of the same directory. */
    @Override
    public boolean idempotent() {
        return true;
    }

    @Override
    public String describe() {
        return (clobber ? "create (emptied) " : "create ") + "the directory " + path;
    }

    @Override
    public void initialize(Arguments args) {
        path = PathArguments.required(args, "path");
        clobber = args.bool("clobber", false);
        mode = Modes.optional(args);
        if (path != null && clobber && PathArguments.isRoot(path)) {
            args.problem("argument 'path': refusing to empty '" + path + "' (clobber)");
        }
    }

    @Override
    public CommandResult execute(CommandContext context) throws Exception {
        StringBuilder sh = new StringBuilder();
        sh.append("p=").append(quote(path)).append('\n');
        sh.append("if [ -e \"$p\" ] && [ ! -d \"$p\" ]; then echo \"$p exists and is not a directory\" >&2; exit 1; fi\n");
        // Whether it was there before: only a directory made (or emptied) is a change.
        sh.append("if [ -d \"$p\" ]; then e=existed; else e=created; fi\n");
        if (clobber) {
            // Empties the directory but keeps it (its owner, mode and any open handles stay valid).
            sh.append("if [ -d \"$p\" ]; then find \"$p/.\" ! -name . -prune -exec rm -rf {} + || exit 1\n");
            sh.append("  if [ -n \"$(ls -A \"$p\")\" ]; then echo \"$p is not empty after clobbering it\" >&2; exit 1; fi\n");
            sh.append("fi\n");
        }
        sh.append("mkdir -p \"$p\" || exit 1\n");
        mode.ifPresent(m -> sh.append("chmod ").append(quote(m)).append(" \"$p\" || exit 1\n"));
        sh.append("[ -d \"$p\" ] || { echo \"$p is not a directory after mkdir\" >&2; exit 1; }\n");
        sh.append("echo \"$e\"\n");
        ExecResult r = context.run(sh.toString());
        boolean made = clobber || r.stdout().strip().endsWith("created");
        return r.succeeded() ? (made ? CommandResult.changed("directory " + path + (clobber ? " ready (emptied)" : " created"))
                : CommandResult.succeeded("directory " + path + " was there already"))
                : Failures.of("creating directory " + path, r);
    }
}
