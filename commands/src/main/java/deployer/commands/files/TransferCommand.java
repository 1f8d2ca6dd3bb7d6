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
 * Copies or moves a file or directory on the host. An existing destination fails the task unless {@code clobber},
 * which replaces it (a directory is removed first, so the result is exactly the source, never source-inside-dest).
 */
abstract class TransferCommand implements Command {

    /** Declared once: checked before initialize, listed in COMMANDS.md and the tasklist schema. */
    static final List<CommandArgument> ARGUMENTS = List.of(required("source", STRING, ""), required("destination", STRING, ""), optional("clobber", BOOLEAN, false, ""));

    @Override
    public List<CommandArgument> arguments() {
        return ARGUMENTS;
    }

    private String source;
    private String destination;
    private boolean clobber;

    /** The shell words that do the transfer, given "$s" and "$d". */
    abstract String tool();

    /** What the verb is in messages: "copying", "moving". */
    abstract String verb();

    /** A shell condition that holds when the transfer left the source as it should be. */
    abstract String sourceAfterwards();

    @Override
    public String describe() {
        return verb() + " " + source + " to " + destination;
    }

    @Override
    public void initialize(Arguments args) {
        source = PathArguments.required(args, "source");
        destination = PathArguments.required(args, "destination");
        clobber = args.bool("clobber", false);
        if (source != null && source.equals(destination)) {
            args.problem("arguments 'source' and 'destination' are the same path: " + source);
        }
        if (destination != null && clobber && PathArguments.isRoot(destination)) {
            args.problem("argument 'destination': refusing to replace '" + destination + "' (clobber)");
        }
    }

    @Override
    public CommandResult execute(CommandContext context) throws Exception {
        StringBuilder sh = new StringBuilder();
        sh.append("s=").append(quote(source)).append("; d=").append(quote(destination)).append('\n');
        sh.append("if [ ! -e \"$s\" ] && [ ! -L \"$s\" ]; then echo \"source $s does not exist\" >&2; exit 1; fi\n");
        sh.append("if [ -e \"$d\" ] || [ -L \"$d\" ]; then\n");
        if (clobber) {
            sh.append("  if [ \"$s\" -ef \"$d\" ]; then echo \"$s and $d are the same file\" >&2; exit 1; fi\n");
            // A file over a file is replaced by the tool itself (atomically for mv); anything else goes first.
            sh.append("  if [ -d \"$d\" ] && [ ! -L \"$d\" ]; then rm -rf \"$d\" || exit 1\n");
            sh.append("  elif [ -L \"$d\" ] || [ -d \"$s\" ]; then rm -f \"$d\" || exit 1; fi\n");
        } else {
            sh.append("  echo \"destination $d exists; set clobber to replace it\" >&2; exit 1\n");
        }
        sh.append("fi\n");
        sh.append(tool()).append(" \"$s\" \"$d\" || exit 1\n");
        sh.append("{ [ -e \"$d\" ] || [ -L \"$d\" ]; } || { echo \"$d is missing afterwards\" >&2; exit 1; }\n");
        sh.append(sourceAfterwards()).append(" || { echo \"$s is not as expected afterwards\" >&2; exit 1; }\n");
        ExecResult r = context.run(sh.toString());
        String what = verb() + " " + source + " to " + destination;
        return r.succeeded() ? CommandResult.changed(what + " done") : Failures.of(what, r);
    }
}
