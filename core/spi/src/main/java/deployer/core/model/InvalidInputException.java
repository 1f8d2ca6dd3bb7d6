package deployer.core.model;

import java.util.List;
import java.util.stream.Collectors;

/** Input (a tasklist, a config, a command line) is wrong in one or more places; nothing was run. */
public class InvalidInputException extends Exception {

    private final List<Problem> problems;

    public InvalidInputException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public InvalidInputException(String where, String message) {
        this(List.of(new Problem(where, message)));
    }

    public List<Problem> problems() {
        return problems;
    }
}
