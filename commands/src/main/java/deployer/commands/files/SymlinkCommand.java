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
import java.util.Set;

import static deployer.core.spi.Shell.quote;

/**
 * Points the symlink {@code destination} at {@code source}. Nothing happens when it already does; otherwise a new
 * link is made beside it and renamed over the old one ({@code mv -T}), so readers see the old or the new target,
 * never no link. A real file or directory at {@code destination} is never replaced.
 *
 * <p>With {@code history_file}, every real switch appends one line to that file (see {@link SwitchHistory}): the
 * order in which releases became current, which rollbacks walk back through. The file is checked for writing before
 * the link is touched; the line is appended after the switch, so the history never names a switch that did not
 * happen. If that append still fails (a full disk at that moment), the switch stands and a warning says so: failing
 * here would leave a stopped service mid-chain, while a missing line only makes the next rollback refuse and ask for
 * {@code --to}.
 */
public final class SymlinkCommand implements Command {

    /** Declared once: checked before initialize, listed in COMMANDS.md and the tasklist schema. */
    static final List<CommandArgument> ARGUMENTS = List.of(required("source", STRING, "link target"), required("destination", STRING, "link path"), optional("history_file", STRING, "path"), optional("history_action", STRING, "deploy", "`deploy`|`rollback`"), optional("history_note", STRING, "a word such as `automatic`: the line's action reads `rollback (automatic, run ID)`"));

    @Override
    public List<CommandArgument> arguments() {
        return ARGUMENTS;
    }

    @Override
    public String summary() {
        return "no-op when already right; else temp link + `mv -T` (atomic switch); with history_file, each switch appends one line to it (below)";
    }

    static final Set<String> ACTIONS = Set.of("deploy", "rollback");

    private String source;
    private String destination;
    private Optional<String> historyFile;
    private String historyAction;
    private Optional<String> historyNote;

    @Override
    public String name() {
        return "symlink";
    }

    /** Running it again is safe: switching to the same target again is a no-op (and writes no history line). */
    @Override
    public boolean idempotent() {
        return true;
    }

    @Override
    public String describe() {
        return "point the symlink " + destination + " to " + source;
    }

    @Override
    public void initialize(Arguments args) {
        source = PathArguments.required(args, "source");
        destination = PathArguments.required(args, "destination");
        if (destination != null && PathArguments.isRoot(destination)) {
            args.problem("argument 'destination': '" + destination + "' cannot be a symlink");
        }
        historyFile = PathArguments.optional(args, "history_file");
        historyAction = args.string("history_action", "deploy");
        if (historyAction != null && !ACTIONS.contains(historyAction)) {
            args.problem("argument 'history_action': expected 'deploy' or 'rollback', got '" + historyAction + "'");
        }
        if (args.has("history_action") && !args.has("history_file")) {
            args.problem("argument 'history_action' needs 'history_file'");
        }
        historyNote = args.optionalString("history_note");
        if (historyNote.isPresent() && !historyNote.get().matches("[a-z][a-z -]{0,39}")) {
            args.problem("argument 'history_note': expected a few lowercase words (it goes into the history line), got '" + historyNote.get() + "'");
        }
        if (args.has("history_note") && !args.has("history_file")) {
            args.problem("argument 'history_note' needs 'history_file'");
        }
        if (historyFile.isPresent() && source != null && source.indexOf('\t') >= 0) {
            args.problem("argument 'source': a link target recorded in 'history_file' cannot contain a tab");
        }
    }

    @Override
    public CommandResult execute(CommandContext context) throws Exception {
        StringBuilder sh = new StringBuilder();
        sh.append("s=").append(quote(source)).append("; d=").append(quote(destination))
          .append("; t=").append(quote(TempNames.beside(destination))).append('\n');
        historyFile.ifPresent(h -> sh.append("h=").append(quote(h)).append('\n'));
        sh.append("if [ -L \"$d\" ] && [ \"$(readlink \"$d\")\" = \"$s\" ]; then echo unchanged; exit 0; fi\n")
          .append("if [ -e \"$d\" ] && [ ! -L \"$d\" ]; then echo \"$d exists and is not a symlink; refusing to replace it\" >&2; exit 1; fi\n");
        if (historyFile.isPresent()) {
            // Before the switch: a history that cannot be written stops us while nothing has changed yet.
            sh.append("( : >>\"$h\" ) 2>/dev/null || { echo \"cannot write the release history $h\" >&2; exit 1; }\n");
        }
        sh.append("old=$(readlink \"$d\" 2>/dev/null)\n")
          .append("ln -s \"$s\" \"$t\" || exit 1\n")
          .append("mv -T \"$t\" \"$d\" || { rm -f \"$t\"; exit 1; }\n")
          .append("[ \"$(readlink \"$d\")\" = \"$s\" ] || { echo \"$d does not point to $s after the switch\" >&2; exit 1; }\n");
        if (historyFile.isPresent()) {
            // The run's id says which run an automatic rollback undid: "rollback (automatic, run 20261208-…)".
            String action = historyNote.map(n -> historyAction + " (" + n + ", run " + context.runId() + ")").orElse(historyAction);
            sh.append(SwitchHistory.appendLine(action, Operator.describe()));
        }
        sh.append("echo \"switched $old\"\n");
        ExecResult r = context.run(sh.toString());
        if (!r.succeeded()) {
            return Failures.of("pointing symlink " + destination + " to " + source, r);
        }
        String out = r.stdout().strip();
        if (out.equals("unchanged")) {
            return CommandResult.succeeded(destination + " already points to " + source);
        }
        boolean unrecorded = out.startsWith(SwitchHistory.UNRECORDED);
        if (unrecorded) {
            context.log().warn("{} was switched to {}, but the line could not be appended to the release history {}; "
                    + "the next rollback of this host will need --to", destination, source, historyFile.orElseThrow());
            out = out.lines().filter(l -> l.startsWith("switched")).findFirst().orElse("switched");
        }
        String old = out.substring("switched".length()).strip();
        return CommandResult.changed(destination + " now points to " + source + (old.isEmpty() ? " (new link)" : " (was " + old + ")")
                + (historyFile.isEmpty() ? "" : unrecorded ? "; NOT recorded in " + historyFile.get() : "; recorded in " + historyFile.get()));
    }
}
