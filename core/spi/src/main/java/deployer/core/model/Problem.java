package deployer.core.model;

/**
 * One thing wrong with an input, found before anything runs.
 *
 * @param where   file:line:column and the path inside it, e.g. {@code plan.json:12:7 stages[0].tasks[1]}
 * @param message what was found and what was expected
 */
public record Problem(String where, String message) {

    @Override
    public String toString() {
        return where.isEmpty() ? message : where + ": " + message;
    }
}
