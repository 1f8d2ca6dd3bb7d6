package deployer.commands.files;

import deployer.commands.support.Failures;
import deployer.commands.support.PathArguments;
import deployer.core.spi.Arguments;
import deployer.core.spi.Command;
import deployer.core.spi.CommandContext;
import deployer.core.spi.CommandResult;
import deployer.core.spi.ExecResult;

import static deployer.core.spi.Shell.quote;

/**
 * Points the symlink {@code destination} at {@code source}. Nothing happens when it already does; otherwise a new
 * link is made beside it and renamed over the old one ({@code mv -T}), so readers see the old or the new target,
 * never no link. A real file or directory at {@code destination} is never replaced.
 */
public final class SymlinkCommand implements Command {

    private String source;
    private String destination;

    @Override
    public String name() {
        return "symlink";
    }

    @Override
    public void initialize(Arguments args) {
        source = PathArguments.required(args, "source");
        destination = PathArguments.required(args, "destination");
        if (destination != null && PathArguments.isRoot(destination)) {
            args.problem("argument 'destination': '" + destination + "' cannot be a symlink");
        }
    }

    @Override
    public CommandResult execute(CommandContext context) throws Exception {
        String sh = "s=" + quote(source) + "; d=" + quote(destination) + "; t=" + quote(TempNames.beside(destination)) + "\n"
                + "if [ -L \"$d\" ] && [ \"$(readlink \"$d\")\" = \"$s\" ]; then echo unchanged; exit 0; fi\n"
                + "if [ -e \"$d\" ] && [ ! -L \"$d\" ]; then echo \"$d exists and is not a symlink; refusing to replace it\" >&2; exit 1; fi\n"
                + "old=$(readlink \"$d\" 2>/dev/null)\n"
                + "ln -s \"$s\" \"$t\" || exit 1\n"
                + "mv -T \"$t\" \"$d\" || { rm -f \"$t\"; exit 1; }\n"
                + "[ \"$(readlink \"$d\")\" = \"$s\" ] || { echo \"$d does not point to $s after the switch\" >&2; exit 1; }\n"
                + "echo \"switched $old\"\n";
        ExecResult r = context.run(sh);
        if (!r.succeeded()) {
            return Failures.of("pointing symlink " + destination + " to " + source, r);
        }
        String out = r.stdout().strip();
        if (out.equals("unchanged")) {
            return CommandResult.succeeded(destination + " already points to " + source);
        }
        String old = out.substring("switched".length()).strip();
        return CommandResult.succeeded(destination + " now points to " + source + (old.isEmpty() ? " (new link)" : " (was " + old + ")"));
    }
}
