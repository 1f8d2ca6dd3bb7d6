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
import deployer.core.spi.ExecResult;
import deployer.core.spi.FailureReason;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static deployer.core.spi.Shell.quote;

/**
 * Removes old releases: of the entries of {@code path} matching {@code filespec}, keeps the {@code keepversions}
 * newest (by modification time, ties by name, as POSIX {@code ls -t} orders them) and removes the rest, except
 * the target of {@code current_link}, which is never removed however old it is (it counts among the N when it is
 * one of the newest), and the link itself, which is not a version at all. The names in {@code protect} (the release
 * the host's history would roll back to) are kept the same way: counted among the N when they are among the newest,
 * kept in addition when older, so cleanup never removes a release a rollback needs.
 */
public final class CleanupCommand implements Command {

    /** Declared once: checked before initialize, listed in COMMANDS.md and the tasklist schema. */
    static final List<CommandArgument> ARGUMENTS = List.of(required("path", STRING, "dir"), required("filespec", STRING, "glob, e.g. `web_*`"), optional("keepversions", WHOLE, 5, "≥ 1"), optional("current_link", STRING, ""), optional("protect", STRINGS, "names"), optional("failed", STRINGS, "names of releases an automatic rollback left: not counted among the N, removed unless current or protected"));

    @Override
    public List<CommandArgument> arguments() {
        return ARGUMENTS;
    }

    @Override
    public String summary() {
        return "keeps the N newest matches; never removes the target of `current_link` nor a name in `protect` (the tarball platform protects the release a rollback would return to); each counts among the N when it is one of the newest, else is kept in addition";
    }

    static final long DEFAULT_KEEP = 5;
    private static final String CURRENT = "current:";

    private String path;
    private String filespec;
    private long keep;
    private Optional<String> currentLink;
    private Set<String> protect;
    private Set<String> failed;

    @Override
    public String name() {
        return "cleanup";
    }

    @Override
    public String describe() {
        return "remove old " + filespec + " under " + path + ", keeping the newest " + keep;
    }

    @Override
    public void initialize(Arguments args) {
        path = PathArguments.required(args, "path");
        filespec = args.string("filespec");
        keep = args.integer("keepversions", DEFAULT_KEEP);
        currentLink = PathArguments.optional(args, "current_link");
        failed = new LinkedHashSet<>();
        for (String name : args.strings("failed", List.of())) {
            if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..") || name.indexOf('\n') >= 0) {
                args.problem("argument 'failed': expected names of entries of 'path' (no '/'), got '" + name + "'");
            } else {
                failed.add(name);
            }
        }
        protect = new LinkedHashSet<>();
        for (String name : args.strings("protect", List.of())) {
            if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..") || name.indexOf('\n') >= 0) {
                args.problem("argument 'protect': expected names of entries of 'path' (no '/'), got '" + name + "'");
            } else {
                protect.add(name);
            }
        }
        if (filespec != null && (filespec.isEmpty() || filespec.contains("/") || filespec.equals(".") || filespec.equals(".."))) {
            args.problem("argument 'filespec': expected a file name pattern without '/', e.g. \"web_*\", got \"" + filespec + "\"");
        }
        if (keep < 1) {
            args.problem("argument 'keepversions': expected 1 or more, got " + keep);
        }
    }

    @Override
    public CommandResult execute(CommandContext context) throws Exception {
        ExecResult listing = context.run(listScript());
        if (!listing.succeeded()) {
            return Failures.of("listing " + filespec + " in " + path, listing);
        }
        List<String> lines = listing.stdout().lines().toList();
        String current = lines.isEmpty() ? "" : lines.get(0);
        if (!current.startsWith(CURRENT)) {
            return CommandResult.failed(FailureReason.COMMAND_ERROR, "listing " + path + " gave unexpected output: " + current);
        }
        List<String> newestFirst = lines.subList(1, lines.size());
        Optional<String> currentRelease = releaseName(current.substring(CURRENT.length()));
        Optional<String> linkName = currentLink.map(PathArguments::fileName);
        List<String> kept = new ArrayList<>();
        List<String> remove = new ArrayList<>();
        int versionsKept = 0;
        for (String name : newestFirst) {
            boolean needed = currentRelease.filter(name::equals).isPresent() || protect.contains(name);
            if (linkName.filter(name::equals).isPresent()) {
                kept.add(name); // the link is not a version: kept, and not counted
            } else if (failed.contains(name) && !needed) {
                remove.add(name); // a release an automatic rollback left is not one of the N worth keeping
            } else if (versionsKept < keep) {
                kept.add(name);
                versionsKept++;
            } else if (currentRelease.filter(name::equals).isPresent() || protect.contains(name)) {
                kept.add(name); // older than the N newest, but running or needed by a rollback: kept in addition
            } else {
                remove.add(name);
            }
        }
        if (remove.isEmpty()) {
            return CommandResult.succeeded("nothing to remove: " + newestFirst.size() + " match(es) of " + filespec
                    + " in " + path + ", keeping " + keep);
        }
        context.log().info("Removing {} old match(es) of {} in {}: {}", remove.size(), filespec, path, String.join(", ", remove));
        ExecResult removal = context.run(removeScript(remove));
        if (!removal.succeeded()) {
            return Failures.of("removing old releases from " + path, removal);
        }
        return CommandResult.changed("removed " + String.join(", ", remove) + " from " + path + "; kept "
                + String.join(", ", kept));
    }

    /** Line 1: {@code current:<link target>} (empty when there is no link); then the matches, newest first. */
    private String listScript() {
        StringBuilder sh = new StringBuilder();
        if (currentLink.isPresent()) {
            sh.append("c=").append(quote(currentLink.get())).append('\n');
            sh.append("if [ -L \"$c\" ]; then printf '").append(CURRENT).append("%s\\n' \"$(readlink \"$c\")\"\n");
            sh.append("elif [ -e \"$c\" ]; then echo \"current_link $c exists and is not a symlink\" >&2; exit 1\n");
            sh.append("else echo ").append(CURRENT).append("; fi\n");
        } else {
            sh.append("echo ").append(CURRENT).append('\n');
        }
        sh.append("cd ").append(quote(path)).append(" || exit 1\n");
        // The pattern comes from a variable, so it matches as a glob but is never parsed as shell text.
        sh.append("pat=").append(quote(filespec)).append('\n');
        sh.append("set --\n");
        sh.append("for f in *; do case $f in $pat) if [ -e \"$f\" ] || [ -L \"$f\" ]; then set -- \"$@\" \"$f\"; fi;; esac; done\n");
        sh.append("if [ $# -gt 0 ]; then ls -1dt -- \"$@\" || exit 1; fi\n");
        return sh.toString();
    }

    private String removeScript(List<String> names) {
        StringBuilder sh = new StringBuilder("cd ").append(quote(path)).append(" || exit 1\n");
        for (String name : names) {
            String q = quote(name);
            sh.append("rm -rf -- ").append(q).append(" || exit 1\n");
            sh.append("if [ -e ").append(q).append(" ] || [ -L ").append(q).append(" ]; then echo ")
              .append(quote(path + "/" + name + " is still there after rm")).append(" >&2; exit 1; fi\n");
        }
        return sh.toString();
    }

    /** The name of the current release from the link's target, protected by name wherever it points. */
    private static Optional<String> releaseName(String currentTarget) {
        String target = currentTarget;
        while (target.length() > 1 && target.endsWith("/")) {
            target = target.substring(0, target.length() - 1);
        }
        return target.isEmpty() ? Optional.empty() : Optional.of(PathArguments.fileName(target));
    }
}
