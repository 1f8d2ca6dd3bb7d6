package deployer.core.spi;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Quoting for POSIX {@code sh}: every value that reaches a shell goes through here. */
public final class Shell {

    private Shell() {
    }

    /** One single-quoted word; a single quote inside becomes {@code '\''}. Safe for any string. */
    public static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /** A command line of quoted words. */
    public static String join(String... words) {
        return Arrays.stream(words).map(Shell::quote).collect(Collectors.joining(" "));
    }
}
