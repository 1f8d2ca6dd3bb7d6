package deployer.generators.tarball;

import deployer.core.spi.RemoteVersions;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The order in which a service's releases became current on one host, read from its history file
 * ({@code install_location/.<service>.history}, one line per switch, written by the {@code symlink} command — format
 * in commands/COMMANDS.md).
 *
 * <p>Replaying the lines gives a stack of releases, the current one on top. A deploy pushes its release. A rollback
 * pops: it returns to a release below the top, and everything above it is gone from the stack, so the next rollback
 * goes further back, never forward to the release just left. A rollback ({@code --to}) to a release that is not on
 * the stack — a newer one, or one from before the history began — pushes it like a deploy: the next rollback undoes
 * that jump. The first deploy line also pushes the release it replaced (if any), so a host that had a release before
 * its history began can return to it.
 *
 * <p>A line that cannot be read (torn by a crash, edited by hand) is skipped with a warning; the walk goes on.
 *
 * @param stack    versions, oldest first; the last is where the history says the service is now
 * @param entries  the lines read
 * @param warnings one per skipped line, naming the file and line number
 */
public record ReleaseHistory(List<String> stack, List<Entry> entries, List<String> warnings) {

    /** One switch: {@code from} is null when there was no link before. */
    public record Entry(int line, Instant at, String action, String from, String to, String by) {
        public boolean rollback() {
            return action.equals("rollback") || automatic();
        }

        /** An automatic rollback ({@code on_failure: rollback}): {@code rollback (automatic, run ID)}. */
        public boolean automatic() {
            return action.startsWith("rollback (automatic");
        }
    }

    public ReleaseHistory {
        stack = List.copyOf(stack);
        entries = List.copyOf(entries);
        warnings = List.copyOf(warnings);
    }

    /**
     * @param service the service whose link targets the lines name ({@code …/<service>_<version>})
     * @param file    the history file, for warnings
     * @param text    its contents
     */
    public static ReleaseHistory parse(String service, String file, String text) {
        List<Entry> entries = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            Optional<Entry> e = entry(service, i + 1, line);
            if (e.isPresent()) {
                entries.add(e.get());
            } else {
                warnings.add(file + ":" + (i + 1) + ": skipping a line that is not a release switch: '" + shorten(line) + "'");
            }
        }
        return new ReleaseHistory(replay(entries), entries, warnings);
    }

    /** Deploy pushes; rollback pops down to its release when it is on the stack, else pushes it. */
    static List<String> replay(List<Entry> entries) {
        List<String> stack = new ArrayList<>();
        for (Entry e : entries) {
            if (e.rollback()) {
                int below = stack.subList(0, Math.max(0, stack.size() - 1)).lastIndexOf(e.to());
                if (below >= 0) {
                    stack.subList(below + 1, stack.size()).clear();
                    continue;
                }
                if (!stack.isEmpty() && stack.get(stack.size() - 1).equals(e.to())) {
                    continue;
                }
                // Never push the release a rollback left: that is the release the next rollback must not return to.
                stack.add(e.to());
            } else {
                if (e.from() != null && (stack.isEmpty() || !stack.get(stack.size() - 1).equals(e.from()))) {
                    // The release this deploy replaced became current before the history began, or by hand.
                    stack.add(e.from());
                }
                stack.add(e.to());
            }
        }
        return stack;
    }

    /**
     * The releases an automatic rollback left and that no deploy made current again since: failed releases, which
     * cleanup does not count toward {@code keep_versions}.
     */
    public List<String> failedReleases() {
        java.util.LinkedHashSet<String> failed = new java.util.LinkedHashSet<>();
        for (Entry e : entries) {
            if (e.automatic() && e.from() != null) {
                failed.add(e.from());
            } else if (!e.rollback()) {
                failed.remove(e.to());
            }
        }
        return List.copyOf(failed);
    }

    /** The release the history says is current, if any line was readable. */
    public Optional<String> top() {
        return stack.isEmpty() ? Optional.empty() : Optional.of(stack.get(stack.size() - 1));
    }

    /** The release that was current before the top one, if the history reaches back that far. */
    public Optional<String> beforeTop() {
        return stack.size() < 2 ? Optional.empty() : Optional.of(stack.get(stack.size() - 2));
    }

    private static Optional<Entry> entry(String service, int number, String line) {
        String[] f = line.split("\t", -1);
        if (f.length < 4) {
            return Optional.empty();
        }
        Instant at;
        try {
            at = Instant.parse(f[0]);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        if (!f[1].equals("deploy") && !f[1].equals("rollback") && !f[1].matches("rollback \\([^\t]*\\)")) {
            return Optional.empty();
        }
        String from = null;
        if (!f[2].equals("-")) {
            Optional<String> v = f[2].isEmpty() ? Optional.empty() : RemoteVersions.versionOf(service, f[2]);
            if (v.isEmpty()) {
                return Optional.empty();
            }
            from = v.get();
        }
        Optional<String> to = f[3].isEmpty() ? Optional.empty() : RemoteVersions.versionOf(service, f[3]);
        if (to.isEmpty()) {
            return Optional.empty();
        }
        String by = f.length > 4 ? String.join(" ", List.of(f).subList(4, f.length)) : "";
        return Optional.of(new Entry(number, at, f[1], from, to.get(), by));
    }

    private static String shorten(String line) {
        String printable = line.replace('\t', ' ');
        return printable.length() <= 120 ? printable : printable.substring(0, 117) + "...";
    }
}
