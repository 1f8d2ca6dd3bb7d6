package deployer.commands.files;

import java.util.ArrayList;
import java.util.List;

/**
 * Pairs the two listings of one archive: {@code tar -tf} (exact names, one per line) and {@code tar -tvf}
 * (same order, with type and link target after the name). Reading names from the verbose line alone would be
 * guesswork, since owner, size and date columns differ between tar implementations.
 */
final class ArchiveListing {

    private static final String SYMLINK_ARROW = " -> ";
    private static final String HARDLINK_WORDS = " link to ";

    private ArchiveListing() {
    }

    /** @throws IllegalArgumentException when the two listings do not fit together */
    static List<ArchiveEntry> parse(List<String> names, List<String> verbose) {
        if (names.size() != verbose.size()) {
            throw new IllegalArgumentException("the archive listings disagree: " + names.size() + " names but "
                    + verbose.size() + " verbose lines");
        }
        List<ArchiveEntry> entries = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            entries.add(entry(names.get(i), verbose.get(i)));
        }
        return entries;
    }

    private static ArchiveEntry entry(String name, String line) {
        if (line.isEmpty()) {
            throw new IllegalArgumentException("empty line in the verbose listing for " + name);
        }
        char type = line.charAt(0);
        if (type != 'l' && type != 'h') {
            return new ArchiveEntry(name, type, null);
        }
        String separator = type == 'l' ? SYMLINK_ARROW : HARDLINK_WORDS;
        int at = line.indexOf(" " + name + separator);
        if (at < 0) {
            throw new IllegalArgumentException("cannot find the link target of " + name + " in: " + line);
        }
        return new ArchiveEntry(name, type, line.substring(at + 1 + name.length() + separator.length()));
    }
}
