package deployer.commands.templates;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;

/**
 * The local file a template is read from, checked before it is rendered anywhere: a rendering may not be readable
 * (or writable) by more people than its source is, or a template pointed at a private file ({@code /etc/shadow},
 * a key) would publish it with the destination's mode. Widening the mode is a choice made on the source itself
 * ({@code chmod}), never silently by the copy.
 */
public final class TemplateSource {

    private TemplateSource() {
    }

    /**
     * What is wrong with writing {@code source}'s rendering with {@code mode} (octal digits): the group or other
     * permission bits {@code mode} grants that the source does not have; empty when none, or when the file system
     * keeps no POSIX modes.
     */
    public static Optional<String> wideningProblem(Path source, String mode) {
        Set<PosixFilePermission> own;
        try {
            own = Files.getPosixFilePermissions(source);
        } catch (UnsupportedOperationException | IOException e) {
            return Optional.empty();
        }
        int sourceBits = bits(own);
        int wanted = Integer.parseInt(mode, 8) & 0777;
        int widened = wanted & ~sourceBits & 0077;
        if (widened == 0) {
            return Optional.empty();
        }
        return Optional.of(String.format("template %s has mode %04o, and writing it with mode %04o would let %s; give a mode"
                        + " no wider than its source (e.g. \"%04o\"), or widen the source's own mode if that is meant",
                source, sourceBits, wanted, who(widened), wanted & (sourceBits | 0700)));
    }

    private static String who(int widened) {
        String group = (widened & 0070) != 0 ? "its group" : null;
        String other = (widened & 0007) != 0 ? "everyone" : null;
        String whom = group != null && other != null ? group + " and " + other : group != null ? group : other;
        return whom + " " + ((widened & 0044) != 0 ? "read" : "change") + " it on the host";
    }

    private static int bits(Set<PosixFilePermission> p) {
        int b = 0;
        for (PosixFilePermission x : p) {
            b |= switch (x) {
                case OWNER_READ -> 0400;
                case OWNER_WRITE -> 0200;
                case OWNER_EXECUTE -> 0100;
                case GROUP_READ -> 0040;
                case GROUP_WRITE -> 0020;
                case GROUP_EXECUTE -> 0010;
                case OTHERS_READ -> 0004;
                case OTHERS_WRITE -> 0002;
                case OTHERS_EXECUTE -> 0001;
            };
        }
        return b;
    }
}
