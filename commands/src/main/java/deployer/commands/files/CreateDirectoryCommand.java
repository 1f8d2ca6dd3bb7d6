package deployer.commands.files;

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

    private String path;
    private boolean clobber;
    private Optional<String> mode;

    @Override
    public String name() {
        return "createdirectory";
    }

    /** Running it again is safe: mkdir -p of the same directory. */
    @Override
    public boolean idempotent() {
        return true;
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
        if (clobber) {
            // Empties the directory but keeps it (its owner, mode and any open handles stay valid).
            sh.append("if [ -d \"$p\" ]; then find \"$p/.\" ! -name . -prune -exec rm -rf {} + || exit 1\n");
            sh.append("  if [ -n \"$(ls -A \"$p\")\" ]; then echo \"$p is not empty after clobbering it\" >&2; exit 1; fi\n");
            sh.append("fi\n");
        }
        sh.append("mkdir -p \"$p\" || exit 1\n");
        mode.ifPresent(m -> sh.append("chmod ").append(quote(m)).append(" \"$p\" || exit 1\n"));
        sh.append("[ -d \"$p\" ] || { echo \"$p is not a directory after mkdir\" >&2; exit 1; }\n");
        ExecResult r = context.run(sh.toString());
        return r.succeeded() ? CommandResult.succeeded("directory " + path + " ready" + (clobber ? " (emptied)" : ""))
                : Failures.of("creating directory " + path, r);
    }
}
