package deployer.core.spi;

import deployer.core.model.Problem;
import deployer.core.model.Task;
import deployer.core.model.TaskId;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static deployer.core.spi.CommandArgument.Type.BOOLEAN;
import static deployer.core.spi.CommandArgument.Type.SECONDS;
import static deployer.core.spi.CommandArgument.Type.STRING;
import static deployer.core.spi.CommandArgument.Type.STRINGS;
import static deployer.core.spi.CommandArgument.Type.WHOLE;
import static deployer.core.spi.CommandArgument.optional;
import static deployer.core.spi.CommandArgument.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A command's declared arguments are checked before its initialize reads them: unknown, missing, mistyped, each once. */
class DeclaredArgumentsTest {

    private static final List<CommandArgument> COPY = List.of(
            required("source", STRING, "the file"),
            required("destination", STRING, "where it goes"),
            optional("clobber", BOOLEAN, false, "overwrite"),
            optional("keep", WHOLE, 5, "how many"),
            optional("wait", SECONDS, "seconds"),
            optional("protect", STRINGS, "names kept"),
            required("token", STRING, "a secret").asSensitive());

    @Test
    void aMissingRequiredArgumentIsReportedBeforeInitializeAndOnlyOnce() {
        Arguments args = arguments(Map.of("source", "/a", "token", "t"));

        assertThat(messages(args)).containsExactly("missing required argument 'destination' (a string)");
        args.string("destination"); // what initialize does next
        assertThat(messages(args)).containsExactly("missing required argument 'destination' (a string)");
    }

    @Test
    void aValueOfTheWrongTypeIsReportedInTheGettersWording() {
        Arguments args = arguments(Map.of("source", "/a", "destination", 3L, "clobber", "yes", "keep", 1.5,
                "wait", -1L, "protect", List.of(1L), "token", "t"));
        args.string("destination");
        args.bool("clobber", false);
        args.integer("keep", 5);
        args.seconds("wait", null);
        args.strings("protect", List.of());

        assertThat(messages(args)).containsExactly(
                "argument 'destination': expected a string, got integer 3",
                "argument 'clobber': expected true or false, got string \"yes\"",
                "argument 'keep': expected a whole number, got number 1.5",
                "argument 'wait': expected a number of seconds (0 or more), got integer -1",
                "argument 'protect': expected a list of strings, got an array");
    }

    @Test
    void aSensitiveValueOfTheWrongTypeIsNotQuoted() {
        Arguments args = arguments(Map.of("source", "/a", "destination", "/b", "token", List.of("hunter2")));

        assertThat(messages(args)).containsExactly("argument 'token': expected a string");
    }

    @Test
    void anArgumentTheDeclarationDoesNotNameIsUnknownEvenIfInitializeReadIt() {
        Arguments args = arguments(Map.of("source", "/a", "destination", "/b", "token", "t", "colour", "blue"));
        args.string("colour", "red");

        assertThat(args.unused()).containsExactly("colour");
        assertThat(args.used()).containsExactlyInAnyOrder("source", "destination", "clobber", "keep", "wait", "protect", "token");
    }

    @Test
    void withoutADeclarationWhatInitializeDidNotReadIsUnknown() {
        Arguments args = new Arguments(task(Map.of("message", "hi", "colour", "blue")), TaskId.of(1, 1), Set.of());
        args.string("message");

        assertThat(args.unused()).containsExactly("colour");
        assertThat(args.problems()).isEmpty();
    }

    @Test
    void anArgumentDeclaredTwiceIsAProgrammingError() {
        assertThatThrownBy(() -> new Arguments(task(Map.of()), TaskId.of(1, 1), Set.of(),
                List.of(optional("a", STRING, "x"), optional("a", WHOLE, "y"))))
                .hasMessageContaining("argument 'a' is declared twice");
    }

    @Test
    void aRequiredArgumentHasNoDefault() {
        assertThatThrownBy(() -> new CommandArgument("a", STRING, true, false, "x", "d")).hasMessageContaining("no default");
    }

    private static Arguments arguments(Map<String, Object> values) {
        return new Arguments(task(values), TaskId.of(1, 1), Set.of(), COPY);
    }

    private static Task task(Map<String, Object> values) {
        return new Task("copy", null, null, null, new LinkedHashMap<>(values), null);
    }

    private static List<String> messages(Arguments args) {
        return args.problems().stream().map(Problem::message).toList();
    }
}
