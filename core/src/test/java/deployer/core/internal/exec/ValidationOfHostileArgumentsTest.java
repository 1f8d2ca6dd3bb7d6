package deployer.core.internal.exec;


import deployer.core.json.TasklistReader;
import deployer.core.model.InvalidInputException;
import deployer.core.model.Problem;
import deployer.core.model.Secret;
import deployer.core.spi.Secrets;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Issue 20.5: what only end-to-end tests covered: {@code "sudo": "yes"} is a located problem (not a
 * ClassCastException), and an unknown {@code ${secret:NAME}} is found at validation, before anything runs.
 */
class ValidationOfHostileArgumentsTest {

    private static final Secrets ONE = new Secrets() {
        @Override
        public Optional<Secret> get(String name) {
            return name.equals("known") ? Optional.of(Secret.of("v")) : Optional.empty();
        }

        @Override
        public Set<String> names() {
            return Set.of("known");
        }

        @Override
        public String source() {
            return "secrets/test.yaml.enc";
        }
    };

    private final Engine executor = new Engine(CommandRegistry.of(EngineTest.Record.class), List.of(), ONE);

    private List<String> problems(String tasks) {
        String json = "{\"name\": \"p\", \"stages\": [{\"name\": \"s\", \"concurrency\": 1, \"tasks\": [" + tasks + "]}]}";
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
                () -> executor.validate(TasklistReader.readAll(json, "p.json"), false));
        assertThat(e).as("expected the plan to be refused").isNotNull();
        return e.problems().stream().map(Problem::toString).toList();
    }

    @Test
    void sudoYesIsALocatedProblemNotAClassCastException() {
        assertThat(problems("{\"command\": \"record\", \"message\": \"a\", \"sudo\": \"yes\"}"))
                .containsExactly("p.json:1:106 $.stages[0].tasks[0].sudo: 'sudo': expected true or false, got string");
    }

    @Test
    void anUnknownSecretIsFoundAtValidationAndAKnownOneIsNot() {
        assertThat(problems("{\"command\": \"record\", \"message\": \"${secret:known} ${secret:nope}\"}"))
                .containsExactly("p.json:1:68 task 1.1 (record): argument 'message': unknown secret 'nope' in ${secret:nope};"
                        + " secrets/test.yaml.enc holds: known");
    }
}
