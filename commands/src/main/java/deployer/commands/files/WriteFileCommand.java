package deployer.commands.files;

import deployer.core.spi.CommandArgument;
import java.util.List;
import static deployer.core.spi.CommandArgument.Type.*;
import static deployer.core.spi.CommandArgument.optional;
import static deployer.core.spi.CommandArgument.required;

import deployer.commands.support.Failures;
import deployer.commands.support.PathArguments;
import deployer.core.model.Secret;
import deployer.core.spi.Arguments;
import deployer.core.spi.Command;
import deployer.core.spi.CommandContext;
import deployer.core.spi.CommandResult;
import deployer.core.spi.ExecResult;
import deployer.core.spi.FailureReason;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;

import static deployer.core.spi.Shell.quote;

/**
 * Writes a file atomically: the contents go to a temporary file beside the target (by file transfer, never on a
 * command line, where {@code ps} and the debug log would show them), get their mode, and are renamed over the
 * target. Then the file is read back and compared. The contents may be a secret: they are never logged.
 */
public final class WriteFileCommand implements Command {

    /** Declared once: checked before initialize, listed in COMMANDS.md and the tasklist schema. */
    static final List<CommandArgument> ARGUMENTS = List.of(required("path", STRING, ""), required("contents", STRING, "may be a secret; never logged").asSensitive(), Modes.argument("0600"));

    @Override
    public List<CommandArgument> arguments() {
        return ARGUMENTS;
    }

    @Override
    public String summary() {
        return "writes atomically (temp file + rename); verifies";
    }

    /** Without a mode the file is private: its contents may be a password. */
    static final String DEFAULT_MODE = "0600";

    private String path;
    private Secret contents;
    private String mode;

    @Override
    public String name() {
        return "write_file";
    }

    /** Its name before command names were snake_case throughout; saved plans with it still run. */
    @Override
    public java.util.List<String> formerNames() {
        return java.util.List.of("writefile");
    }

    /** Running it again is safe: the same contents again. */
    @Override
    public boolean idempotent() {
        return true;
    }

    @Override
    public String describe() {
        return "write " + path;
    }

    @Override
    public void initialize(Arguments args) {
        path = PathArguments.required(args, "path");
        contents = args.secret("contents").orElse(null); // missing: the declaration's check reported it
        mode = Modes.optional(args).orElse(DEFAULT_MODE);
    }

    @Override
    public CommandResult execute(CommandContext context) throws Exception {
        byte[] bytes = contents.reveal().getBytes(StandardCharsets.UTF_8);
        String parent = path.contains("/") ? path.substring(0, Math.max(1, path.lastIndexOf('/'))) : ".";
        ExecResult dir = context.run("[ -d " + quote(parent) + " ] || { echo " + quote("directory " + parent
                + " does not exist") + " >&2; exit 1; }");
        if (!dir.succeeded()) {
            return Failures.of("writing " + path, dir);
        }
        String temp = TempNames.beside(path);
        Path local = Files.createTempFile("deployer-writefile", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Path readBack = local.resolveSibling(local.getFileName() + ".check");
        try {
            Files.write(local, bytes);
            context.host().put(local, temp);
            ExecResult r = context.run("t=" + quote(temp) + "; p=" + quote(path) + "\n"
                    + "chmod " + quote(mode) + " \"$t\" && mv -f \"$t\" \"$p\" || { rm -f \"$t\"; exit 1; }\n");
            if (!r.succeeded()) {
                return Failures.of("writing " + path, r);
            }
            context.host().get(path, readBack);
            if (!Arrays.equals(Files.readAllBytes(readBack), bytes)) {
                return CommandResult.failed(FailureReason.COMMAND_ERROR,
                        "writing " + path + ": the file read back differs from what was written");
            }
            return CommandResult.changed("wrote " + bytes.length + " bytes to " + path + " (mode " + mode + ")");
        } finally {
            Files.deleteIfExists(local);
            Files.deleteIfExists(readBack);
        }
    }
}
