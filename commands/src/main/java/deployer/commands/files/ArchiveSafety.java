package deployer.commands.files;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds archive members that would land outside the directory they are extracted into: absolute names, names
 * with a {@code ..} component, and links whose target leaves the directory. Link targets are followed through
 * the archive's own symlinks, since {@code a -> b/..} is harmless only if {@code b} is not itself a link up.
 */
final class ArchiveSafety {

    /** More link hops than this is a loop or an attack; either way the archive is refused. */
    private static final int MAX_HOPS = 40;

    private final Map<String, String> symlinks = new HashMap<>();

    private ArchiveSafety(List<ArchiveEntry> entries) {
        for (ArchiveEntry e : entries) {
            if (e.isSymlink()) {
                symlinks.put(String.join("/", components(e.name())), e.target());
            }
        }
    }

    /** One line per unsafe member, saying why; empty when the archive is safe to extract. */
    static List<String> problems(List<ArchiveEntry> entries) {
        ArchiveSafety safety = new ArchiveSafety(entries);
        List<String> problems = new ArrayList<>();
        for (ArchiveEntry e : entries) {
            safety.problem(e).ifPresent(problems::add);
        }
        return problems;
    }

    private java.util.Optional<String> problem(ArchiveEntry e) {
        if (e.name().startsWith("/")) {
            return java.util.Optional.of(e.name() + ": absolute path");
        }
        if (components(e.name()).contains("..")) {
            return java.util.Optional.of(e.name() + ": '..' in the path");
        }
        if (e.isSymlink() || e.isHardLink()) {
            if (e.target().startsWith("/")) {
                return java.util.Optional.of(e.name() + ": links to the absolute path " + e.target());
            }
            List<String> base = new ArrayList<>(components(e.name()));
            if (e.isSymlink()) {
                base.remove(base.size() - 1); // a symlink's target is relative to its own directory
            } else {
                base.clear(); // a hard link's target is another member's name
            }
            String outcome = resolve(base, e.target());
            if (outcome != null) {
                return java.util.Optional.of(e.name() + ": links to " + e.target() + ", " + outcome);
            }
        }
        return java.util.Optional.empty();
    }

    /** Follows {@code target} from {@code base}; null when it stays inside, else why not. */
    private String resolve(List<String> base, String target) {
        Deque<String> todo = new ArrayDeque<>(components(target));
        List<String> at = new ArrayList<>(base);
        int hops = 0;
        while (!todo.isEmpty()) {
            String c = todo.pollFirst();
            if (c.equals("..")) {
                if (at.isEmpty()) {
                    return "which is outside the destination";
                }
                at.remove(at.size() - 1);
                continue;
            }
            at.add(c);
            String link = symlinks.get(String.join("/", at));
            if (link != null) {
                if (++hops > MAX_HOPS) {
                    return "through more than " + MAX_HOPS + " symlinks";
                }
                if (link.startsWith("/")) {
                    return "through a symlink to the absolute path " + link;
                }
                at.remove(at.size() - 1);
                List<String> next = components(link);
                for (int i = next.size() - 1; i >= 0; i--) {
                    todo.addFirst(next.get(i));
                }
            }
        }
        return null;
    }

    /** Path components without empty and {@code .} ones: {@code ./a//b/} → [a, b]. */
    private static List<String> components(String path) {
        return Arrays.stream(path.split("/")).filter(c -> !c.isEmpty() && !c.equals(".")).toList();
    }
}
