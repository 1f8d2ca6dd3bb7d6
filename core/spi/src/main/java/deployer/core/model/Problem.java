package deployer.core.model;

/**
 * One thing wrong with an input, found before anything runs.
 *
 * @param where   file:line:column and the path inside it, e.g. {@code plan.json:12:7 stages[0].tasks[1]}
 * @param message what was found and what was expected
 */
public record Problem(String where, String message) {

    /** Problems listed before the rest are only counted: the first ones are what a person fixes first. */
    public static final int MAX_LISTED = 200;

    /**
     * The lines that list {@code problems}: each one, up to {@link #MAX_LISTED}, then one line counting the others
     * (50,000 problems once printed 26 MB).
     */
    public static java.util.List<String> listing(java.util.List<Problem> problems) {
        java.util.List<String> lines = new java.util.ArrayList<>(Math.min(problems.size(), MAX_LISTED) + 1);
        problems.stream().limit(MAX_LISTED).forEach(p -> lines.add(p.toString()));
        if (problems.size() > MAX_LISTED) {
            lines.add("… and " + (problems.size() - MAX_LISTED) + " more problems (" + problems.size() + " in all; the first "
                    + MAX_LISTED + " are listed)");
        }
        return lines;
    }

    /**
     * The problem as printed: what an input held is escaped (a control character or a newline in a name could
     * otherwise drive the terminal or forge a log line) and a long message is cut, its length given.
     */
    @Override
    public String toString() {
        String text = Printable.cut(message, Printable.MAX_MESSAGE);
        return where.isEmpty() ? text : Printable.cut(where, Printable.MAX_MESSAGE) + ": " + text;
    }
}
