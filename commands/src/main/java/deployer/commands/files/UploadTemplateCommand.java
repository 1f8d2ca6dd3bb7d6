package deployer.commands.files;

import deployer.core.spi.CommandArgument;
import static deployer.core.spi.CommandArgument.Type.*;
import static deployer.core.spi.CommandArgument.optional;
import static deployer.core.spi.CommandArgument.required;

import deployer.commands.support.Failures;
import deployer.commands.support.PathArguments;
import deployer.commands.templates.StrictTemplate;
import deployer.commands.templates.TemplateSource;
import deployer.commands.templates.TemplateValueSource;
import deployer.commands.templates.UnifiedDiff;
import deployer.core.config.Suggestions;
import deployer.core.spi.Arguments;
import deployer.core.spi.Command;
import deployer.core.spi.CommandContext;
import deployer.core.spi.CommandResult;
import deployer.core.spi.ExecResult;
import deployer.core.spi.FailureReason;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static deployer.core.spi.Shell.quote;

/**
 * Renders a Mustache template (a file on this machine) with the task's {@code values} into a file on the host, and
 * writes it only when it would change: the host's sha256 of the current file, its mode and owner are compared with
 * the rendering first, so an unchanged file is not touched (its mtime kept) and the result says "unchanged". A
 * change is written atomically (a temporary file beside it gets the contents by file transfer, its mode and owner,
 * then is renamed over the target) and checked by checksum afterwards.
 *
 * <p>Strict: a name the template uses that {@code values} does not give is a problem of {@code initialize}, naming
 * the template file:line and the name, so a plan with such a template runs nothing. In a dry run (deploy
 * {@code --dry-run --diff}) it changes nothing and returns a unified diff against the host's current file
 * ({@code diff_against}, default the destination).
 *
 * <p>With {@code record} and {@code fingerprint} (the generator's fingerprint of this task's inputs as the plan holds
 * them), a run that leaves the file right also writes the record {@code "<fingerprint> <sha256 of the file>"} there,
 * by which a later plan tells whether the file drifted (the tarball platform's config-only rollouts).
 */
public final class UploadTemplateCommand implements Command {

    /** Declared once: checked before initialize, listed in COMMANDS.md and the tasklist schema. */
    static final List<CommandArgument> ARGUMENTS = List.of(required("template", STRING, "a Mustache file on the deployer machine"), required("destination", STRING, ""),
            optional("values", OBJECT, "names to strings, numbers, lists, maps; default none"), Modes.argument("0600"),
            optional("owner", STRING, "`USER` or `USER:GROUP`"), optional("diff_against", STRING, "path compared in a dry run; default destination"),
            optional("record", STRING, "path; with fingerprint: after a run that leaves the file right it holds `<fingerprint> <sha256 of the file>`, by which the tarball platform tells drift"),
            optional("fingerprint", STRING, "64 hex digits, with record"));

    @Override
    public List<CommandArgument> arguments() {
        return ARGUMENTS;
    }

    @Override
    public String summary() {
        return "renders, then compares sha256, mode and owner on the host: unchanged → no write (mtime kept), result `unchanged: …`; else writes atomically (temp file + rename) and verifies the checksum, result `changed: …`. Previews: see below";
    }

    /** A rendering may hold a password: private unless a mode is given. */
    static final String DEFAULT_MODE = "0600";
    private static final Pattern OWNER = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*(:[A-Za-z_][A-Za-z0-9_.-]*)?");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private String templateFile;
    private StrictTemplate template;
    private Map<String, Object> values;
    private String destination;
    private String diffAgainst;
    private String mode;
    private String owner;
    private String record;
    private String fingerprint;

    @Override
    public String name() {
        return "upload_template";
    }

    /** Running it again renders the same file and finds nothing to change. */
    @Override
    public boolean idempotent() {
        return true;
    }

    @Override
    public boolean previews() {
        return true;
    }

    @Override
    public void initialize(Arguments args) {
        templateFile = args.string("template");
        destination = PathArguments.required(args, "destination");
        diffAgainst = PathArguments.optional(args, "diff_against").orElse(destination);
        values = args.map("values", Map.of());
        mode = Modes.optional(args).orElse(DEFAULT_MODE);
        owner = args.optionalString("owner").orElse(null);
        if (owner != null && !OWNER.matcher(owner).matches()) {
            args.problem("argument 'owner': expected USER or USER:GROUP, got \"" + owner + "\"");
        }
        record = PathArguments.optional(args, "record").orElse(null);
        fingerprint = args.optionalString("fingerprint").orElse(null);
        if ((record == null) != (fingerprint == null)) {
            args.problem("arguments 'record' and 'fingerprint' go together: give both or neither");
        }
        if (fingerprint != null && !SHA256.matcher(fingerprint).matches()) {
            args.problem("argument 'fingerprint': expected 64 lower-case hex digits (a sha256), got \"" + fingerprint + "\"");
        }
        if (templateFile == null) {
            return;
        }
        String text;
        try {
            text = Files.readString(Path.of(templateFile), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            args.problem("template " + templateFile + ": cannot read it (" + describe(e) + ")");
            return;
        }
        TemplateSource.wideningProblem(Path.of(templateFile), mode).ifPresent(args::problem);
        try {
            template = StrictTemplate.compile(templateFile, text);
        } catch (StrictTemplate.SyntaxError e) {
            args.problem("template " + e.getMessage());
            return;
        }
        if (values == null) {
            return;
        }
        for (StrictTemplate.Missing m : template.missing(values)) {
            Optional<String> close = suggestion(m.name(), values);
            args.problem("template " + m + (close.map(c -> " (did you mean '" + c + "'?)").orElse(""))
                    + "; values given: " + (values.isEmpty() ? "(none)" : String.join(", ", values.keySet())));
        }
    }

    @Override
    public CommandResult execute(CommandContext context) throws Exception {
        String host = context.host().name();
        String rendered = template.render(valueSource(context).resolveAll(values, context));
        byte[] bytes = rendered.getBytes(StandardCharsets.UTF_8);
        String sum = sha256(bytes);

        HostFile current = HostFile.read(context, context.dryRun() ? diffAgainst : destination);
        if (current.failure() != null) {
            return current.failure();
        }
        boolean contentSame = current.exists() && sum.equals(current.sha256());
        boolean modeSame = current.exists() && Integer.parseInt(mode, 8) == Integer.parseInt(current.mode(), 8);
        boolean ownerSame = owner == null || (current.exists() && ownerMatches(current));
        if (contentSame && modeSame && ownerSame) {
            CommandResult recorded = context.dryRun() ? null : writeRecord(context, sum);
            if (recorded != null) {
                return recorded;
            }
            return said(context, CommandResult.succeeded("unchanged: " + destination + " on " + host + " (from " + templateFile + ")"));
        }
        if (context.dryRun()) {
            return CommandResult.succeeded(preview(context, current, rendered, contentSame));
        }
        CommandResult written = contentSame ? fixAttributes(context) : write(context, bytes);
        if (written.isFailure()) {
            return written;
        }
        HostFile after = HostFile.read(context, destination);
        if (after.failure() != null) {
            return after.failure();
        }
        if (!after.exists() || !sum.equals(after.sha256())) {
            return CommandResult.failed(FailureReason.COMMAND_ERROR, "writing " + destination + ": its checksum afterwards differs from the rendering's");
        }
        CommandResult recorded = writeRecord(context, sum);
        return recorded != null ? recorded : said(context, written);
    }

    /** Changed or unchanged is what an operator reads this command for: logged, and the result's message. */
    private static CommandResult said(CommandContext context, CommandResult result) {
        context.log().info("{}", context.redaction().mask(result.message()));
        return result;
    }

    /**
     * Where rendered values come from: the task's values as the engine hands them to {@code execute}, with their
     * {@code ${secret:NAME}} references already resolved from the run's secret store (the saved plan keeps the
     * references; {@code context.redaction()} masks the values in the dry-run diff and in every message).
     */
    private TemplateValueSource valueSource(CommandContext context) {
        return TemplateValueSource.AS_GIVEN;
    }

    private CommandResult write(CommandContext context, byte[] bytes) throws Exception {
        String parent = destination.contains("/") ? destination.substring(0, Math.max(1, destination.lastIndexOf('/'))) : ".";
        String temp = TempNames.beside(destination);
        Path local = Files.createTempFile("deployer-template", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            ExecResult dir = context.run("[ -d " + quote(parent) + " ] || { echo " + quote("directory " + parent
                    + " does not exist") + " >&2; exit 1; }");
            if (!dir.succeeded()) {
                return Failures.of("writing " + destination, dir);
            }
            Files.write(local, bytes);
            context.host().put(local, temp);
            ExecResult r = context.run("t=" + quote(temp) + "; p=" + quote(destination) + "\n"
                    + "{ chmod " + quote(mode) + " \"$t\"" + chown("\"$t\"") + " && mv -f \"$t\" \"$p\"; } || { rm -f \"$t\"; exit 1; }\n");
            if (!r.succeeded()) {
                return Failures.of("writing " + destination, r);
            }
            return CommandResult.succeeded("changed: wrote " + bytes.length + " bytes to " + destination + " (mode " + mode
                    + (owner == null ? "" : ", owner " + owner) + ") from " + templateFile);
        } finally {
            Files.deleteIfExists(local);
        }
    }

    /** Writes the record of this rendering (when asked to); null when done or not asked, else the failure. */
    private CommandResult writeRecord(CommandContext context, String sum) throws Exception {
        if (record == null) {
            return null;
        }
        String dir = record.substring(0, Math.max(1, record.lastIndexOf('/')));
        ExecResult r = context.run("r=" + quote(record) + "; t=" + quote(TempNames.beside(record)) + "\n"
                + "{ mkdir -p " + quote(dir) + " && printf '%s %s\\n' " + quote(fingerprint) + " " + quote(sum)
                + " > \"$t\" && mv -f \"$t\" \"$r\"; } || { rm -f \"$t\"; exit 1; }\n");
        return r.succeeded() ? null : Failures.of("writing the record " + record + " of " + destination, r);
    }

    /** The contents are right already: only mode and owner change, in place. */
    private CommandResult fixAttributes(CommandContext context) throws Exception {
        ExecResult r = context.run("p=" + quote(destination) + "\nchmod " + quote(mode) + " \"$p\"" + chown("\"$p\"") + "\n");
        if (!r.succeeded()) {
            return Failures.of("setting the mode of " + destination, r);
        }
        return CommandResult.succeeded("changed: mode " + mode + (owner == null ? "" : ", owner " + owner) + " of " + destination
                + " (contents unchanged)");
    }

    private String chown(String file) {
        return owner == null ? "" : " && chown " + quote(owner) + " " + file;
    }

    private String preview(CommandContext context, HostFile current, String rendered, boolean contentSame) throws Exception {
        String host = context.host().name();
        StringBuilder out = new StringBuilder();
        if (!contentSame) {
            String old = current.exists() ? current.contents(context, diffAgainst) : "";
            out.append(UnifiedDiff.of(current.exists() ? host + ":" + diffAgainst : "/dev/null", old,
                    host + ":" + diffAgainst + " (rendered from " + templateFile + ")", rendered));
        }
        if (current.exists() && Integer.parseInt(mode, 8) != Integer.parseInt(current.mode(), 8)) {
            out.append("mode ").append(current.mode()).append(" -> ").append(mode).append('\n');
        }
        if (owner != null && (!current.exists() || !ownerMatches(current))) {
            out.append("owner ").append(current.exists() ? current.owner() : "(none)").append(" -> ").append(owner).append('\n');
        }
        // The diff may show a sensitive value of this task: masked like every message.
        return context.redaction().mask(out.toString());
    }

    private boolean ownerMatches(HostFile f) {
        String[] want = owner.split(":", 2);
        String[] have = f.owner().split(":", 2);
        return want[0].equals(have[0]) && (want.length == 1 || want[1].equals(have[1]));
    }

    /** "Did you mean": at the first part of a dotted name that is not there, the closest key at that level. */
    private static Optional<String> suggestion(String name, Map<String, Object> values) {
        Object level = values;
        StringBuilder prefix = new StringBuilder();
        for (String part : name.split("\\.")) {
            if (!(level instanceof Map<?, ?> m)) {
                return Optional.empty();
            }
            if (!m.containsKey(part)) {
                return Suggestions.closest(part, m.keySet().stream().map(String::valueOf).toList()).map(c -> prefix + c);
            }
            level = m.get(part);
            prefix.append(part).append('.');
        }
        return Optional.empty();
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String describe(Exception e) {
        return e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /** A file on the host as one command reads it: its sha256, mode and owner, or that it does not exist. */
    record HostFile(boolean exists, String sha256, String mode, String owner, CommandResult failure) {

        static HostFile read(CommandContext context, String path) throws Exception {
            ExecResult r = context.run("p=" + quote(path) + "\n"
                    + "if [ -f \"$p\" ]; then s=$(sha256sum < \"$p\") || exit 1; a=$(stat -c '%a %U:%G' \"$p\") || exit 1; echo \"present ${s%% *} $a\"\n"
                    + "elif [ -e \"$p\" ] || [ -L \"$p\" ]; then echo \"$p exists and is not a regular file\" >&2; exit 1\n"
                    + "else echo absent; fi\n");
            if (!r.succeeded()) {
                return new HostFile(false, null, null, null, Failures.of("reading " + path, r));
            }
            List<String> words = List.of(r.stdout().strip().split("\\s+"));
            if (words.size() == 4 && words.get(0).equals("present")) {
                return new HostFile(true, words.get(1), words.get(2), words.get(3), null);
            }
            if (words.equals(List.of("absent"))) {
                return new HostFile(false, null, null, null, null);
            }
            return new HostFile(false, null, null, null, CommandResult.failed(FailureReason.COMMAND_ERROR,
                    "reading " + path + ": unexpected answer '" + r.stdout().strip() + "'"));
        }

        /** The file's contents, fetched to this machine (for a diff only). */
        String contents(CommandContext context, String path) throws Exception {
            Path local = Files.createTempFile("deployer-diff", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                context.host().get(path, local);
                return Files.readString(local, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(local);
            }
        }
    }
}
