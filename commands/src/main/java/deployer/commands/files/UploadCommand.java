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
import deployer.core.spi.FailureReason;

import java.nio.file.Files;
import java.nio.file.Path;

import static deployer.core.spi.Shell.quote;

/**
 * Copies a file of this machine to {@code destination/<file name>} on the host (SFTP over SSH), creating the
 * directory, then checks the size that arrived. The local file is looked for when the task runs, not when the
 * tasklist is checked, because an earlier stage may build it.
 */
public final class UploadCommand implements Command {

    /** Declared once: checked before initialize, listed in COMMANDS.md and the tasklist schema. */
    static final List<CommandArgument> ARGUMENTS = List.of(required("source", STRING, "local file"), required("destination", STRING, "remote dir, created if missing"));

    @Override
    public List<CommandArgument> arguments() {
        return ARGUMENTS;
    }

    @Override
    public String summary() {
        return "copies the file to `destination/<file name>` (SFTP over SSH)";
    }

    private String source;
    private String destination;

    @Override
    public String name() {
        return "upload";
    }

    /** Running it again is safe: the same file again, written to a temporary name and renamed. */
    @Override
    public boolean idempotent() {
        return true;
    }

    @Override
    public String describe() {
        return "upload " + source + " to " + destination;
    }

    @Override
    public void initialize(Arguments args) {
        source = args.string("source");
        destination = PathArguments.required(args, "destination");
        if (source != null && source.isBlank()) {
            args.problem("argument 'source' is empty; expected a local file");
            source = null;
        }
    }

    @Override
    public CommandResult execute(CommandContext context) throws Exception {
        return upload(context, Path.of(source), destination);
    }

    /** Copies {@code local} to {@code destination/<its name>} on the context's host and checks the size that arrived. */
    static CommandResult upload(CommandContext context, Path local, String destination) throws Exception {
        if (!Files.isRegularFile(local)) {
            return CommandResult.failed(FailureReason.COMMAND_ERROR, "upload source " + local.toAbsolutePath()
                    + (Files.exists(local) ? " is not a regular file" : " does not exist on this machine"));
        }
        long size = Files.size(local);
        String target = (destination.equals("/") ? "" : destination) + "/" + local.getFileName();
        ExecResult mkdir = context.run("mkdir -p " + quote(destination));
        if (!mkdir.succeeded()) {
            return Failures.of("creating upload directory " + destination, mkdir);
        }
        context.host().put(local, target);
        ExecResult check = context.run("wc -c < " + quote(target));
        if (!check.succeeded()) {
            return Failures.of("checking uploaded " + target, check);
        }
        String arrived = check.stdout().strip();
        if (!arrived.equals(Long.toString(size))) {
            return CommandResult.failed(FailureReason.COMMAND_ERROR, "uploaded " + target + " has " + arrived
                    + " bytes, expected " + size);
        }
        return CommandResult.changed("uploaded " + local.getFileName() + " (" + size + " bytes) to " + target);
    }
}
