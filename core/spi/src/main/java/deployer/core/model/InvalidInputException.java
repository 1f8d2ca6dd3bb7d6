package deployer.core.model;

import java.util.List;

/** Input (a tasklist, a config, a command line) is wrong in one or more places; nothing was run. */
public class InvalidInputException extends Exception {

    private final List<Problem> problems;

    public InvalidInputException(List<Problem> problems) {
        this.problems = List.copyOf(problems);
    }

    /** The problems, one a line, as {@link Problem#listing} caps them. */
    @Override
    public String getMessage() {
        return String.join("\n", Problem.listing(problems));
    }

    public InvalidInputException(String where, String message) {
        this(List.of(new Problem(where, message)));
    }

    public List<Problem> problems() {
        return problems;
    }
}
