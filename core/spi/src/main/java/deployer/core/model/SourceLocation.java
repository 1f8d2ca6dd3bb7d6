package deployer.core.model;

/** Where a value was read from: a file and a 1-based line and column. Shown as {@code file:line:column}. */
public record SourceLocation(String file, int line, int column) {

    public static final SourceLocation UNKNOWN = new SourceLocation("<generated>", 0, 0);

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ":" + column : file;
    }
}
