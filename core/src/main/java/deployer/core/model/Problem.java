package deployer.core.model;

/**
 * One thing wrong with an input, found before anything runs.
 *
 * @param where   file:line:column and the path inside it, e.g. {@code plan.json:12:7 stages[0].tasks[1]}
 * @param message what was found and what was expected
 */
public record Problem(String where, String message) {

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
