package deployer.core.spi;

/** Quoting for POSIX {@code sh}: every value that reaches a shell goes through here. */
public final class Shell {

    private Shell() {
    }

    /** One single-quoted word; a single quote inside becomes {@code '\''}. Safe for any string. */
    public static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
