package deployer.commands.files;

import deployer.core.spi.CommandArgument;
import static deployer.core.spi.CommandArgument.Type.*;
import static deployer.core.spi.CommandArgument.optional;
import static deployer.core.spi.CommandArgument.required;

import deployer.commands.support.Failures;
import deployer.commands.support.PathArguments;
import deployer.core.spi.Arguments;
import deployer.core.spi.Command;
import deployer.core.spi.CommandContext;
import deployer.core.spi.CommandResult;
import deployer.core.spi.ExecOptions;
import deployer.core.spi.ExecResult;
import deployer.core.spi.FailureReason;

import java.util.ArrayList;
import java.util.List;

import static deployer.core.spi.Shell.quote;

/**
 * Extracts a {@code .tar.gz}/{@code .tgz}/{@code .tar} archive on the host into {@code destination} (created),
 * after listing it and refusing it if any member would land outside; a {@code .war} is copied as it is.
 */
public final class UnpackCommand implements Command {

    /** Declared once: checked before initialize, listed in COMMANDS.md and the tasklist schema. */
    static final List<CommandArgument> ARGUMENTS = List.of(required("source", STRING, "remote archive"), required("destination", STRING, "remote dir"));

    @Override
    public List<CommandArgument> arguments() {
        return ARGUMENTS;
    }

    @Override
    public String summary() {
        return "`.tar.gz`/`.tgz`/`.tar` extracted into `destination` (created); `.war` copied; refuses entries that escape `destination` (absolute or `..`)";
    }

    private static final int SHOWN_PROBLEMS = 10;

    private enum Format { TAR_GZ, TAR, WAR }

    private String source;
    private String destination;
    private Format format;

    @Override
    public String name() {
        return "unpack";
    }

    @Override
    public String describe() {
        return "unpack " + source + " into " + destination;
    }

    @Override
    public void initialize(Arguments args) {
        source = PathArguments.required(args, "source");
        destination = PathArguments.required(args, "destination");
        if (source != null) {
            if (source.endsWith(".tar.gz") || source.endsWith(".tgz")) {
                format = Format.TAR_GZ;
            } else if (source.endsWith(".tar")) {
                format = Format.TAR;
            } else if (source.endsWith(".war")) {
                format = Format.WAR;
            } else {
                args.problem("argument 'source': cannot unpack '" + source + "'; expected a .tar.gz, .tgz, .tar or .war file");
            }
        }
    }

    @Override
    public CommandResult execute(CommandContext context) throws Exception {
        String d = quote(destination);
        String s = quote(source);
        if (format == Format.WAR) {
            ExecResult r = context.run("mkdir -p " + d + " && cp -p " + s + " " + d + "/");
            return r.succeeded() ? CommandResult.changed("copied " + source + " to " + destination)
                    : Failures.of("copying " + source + " to " + destination, r);
        }
        String z = format == Format.TAR_GZ ? "z" : "";
        Lines names = list(context, "tar -t" + z + "f " + s);
        if (names.failure != null) {
            return Failures.of("listing archive " + source, names.failure);
        }
        Lines verbose = list(context, "tar -tv" + z + "f " + s);
        if (verbose.failure != null) {
            return Failures.of("listing archive " + source, verbose.failure);
        }
        List<String> problems;
        try {
            problems = ArchiveSafety.problems(ArchiveListing.parse(names.lines, verbose.lines));
        } catch (IllegalArgumentException e) {
            return CommandResult.failed(FailureReason.COMMAND_ERROR, "cannot check archive " + source + ": " + e.getMessage());
        }
        if (!problems.isEmpty()) {
            return CommandResult.failed(FailureReason.COMMAND_ERROR, "refusing to unpack " + source + ": "
                    + problems.size() + " member(s) would land outside " + destination + ": "
                    + String.join("; ", problems.subList(0, Math.min(SHOWN_PROBLEMS, problems.size())))
                    + (problems.size() > SHOWN_PROBLEMS ? "; …" : ""));
        }
        ExecResult r = context.run("mkdir -p " + d + " && tar -x" + z + "f " + s + " -C " + d);
        return r.succeeded() ? CommandResult.changed("unpacked " + names.lines.size() + " entries of " + source + " into " + destination)
                : Failures.of("unpacking " + source + " into " + destination, r);
    }

    /** Runs a listing, keeping every line: captured stdout is capped, and a cut listing could hide a bad entry. */
    private static Lines list(CommandContext context, String commandLine) throws Exception {
        List<String> lines = new ArrayList<>();
        context.log().debug("Running: {}", commandLine);
        ExecResult r = context.host().execute(commandLine, ExecOptions.DEFAULT.withOutput((line, stderr) -> {
            if (!stderr) {
                synchronized (lines) {
                    lines.add(line);
                }
            }
        }));
        synchronized (lines) {
            return new Lines(List.copyOf(lines), r.succeeded() ? null : r);
        }
    }

    private record Lines(List<String> lines, ExecResult failure) {
    }
}
