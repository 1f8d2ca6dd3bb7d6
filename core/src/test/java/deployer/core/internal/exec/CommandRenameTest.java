package deployer.core.internal.exec;

import deployer.core.exec.PlannedTask;
import deployer.core.exec.ValidatedPlan;
import deployer.core.json.TasklistReader;
import deployer.core.model.InvalidInputException;
import deployer.core.model.Problem;
import deployer.core.model.Tasklist;
import deployer.core.spi.Arguments;
import deployer.core.spi.Command;
import deployer.core.spi.CommandArgument;
import deployer.core.spi.CommandContext;
import deployer.core.spi.CommandResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static deployer.core.spi.CommandArgument.Type.BOOLEAN;
import static deployer.core.spi.CommandArgument.Type.STRING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A command renamed to snake_case keeps its old name as an alias: a saved plan with it validates and runs, with one
 * deprecation warning per old name and plan (first task, new name), and the plan carries the new name from then on.
 */
class CommandRenameTest {

    public static final class MakeDir implements Command {
        @Override
        public String name() {
            return "make_dir";
        }

        @Override
        public List<String> formerNames() {
            return List.of("makedir");
        }

        @Override
        public List<CommandArgument> arguments() {
            return List.of(CommandArgument.required("path", STRING, "the directory"),
                    CommandArgument.optional("clobber", BOOLEAN, false, "empty it first"));
        }

        @Override
        public void initialize(Arguments args) {
            args.string("path");
            args.bool("clobber", false);
        }

        @Override
        public CommandResult execute(CommandContext context) {
            return CommandResult.succeeded();
        }
    }

    public static final class AlsoMakeDir implements Command {
        @Override
        public String name() {
            return "mkdir_p";
        }

        @Override
        public List<String> formerNames() {
            return List.of("makedir");
        }

        @Override
        public void initialize(Arguments args) {
        }

        @Override
        public CommandResult execute(CommandContext context) {
            return CommandResult.succeeded();
        }
    }

    private static final String PLAN = """
            { "name": "p", "stages": [ { "name": "s", "concurrency": 1, "tasks": [
              { "command": "makedir", "path": "/tmp/a" },
              [ { "command": "make_dir", "path": "/tmp/b" }, { "command": "makedir", "path": "/tmp/c" } ]
            ] } ] }
            """;

    private final CommandRegistry registry = CommandRegistry.of(MakeDir.class);

    @Test
    void anOldNameIsAnAliasButNotAKnownName() {
        assertThat(registry.names()).containsExactly("make_dir");
        assertThat(registry.currentName("makedir")).contains("make_dir");
        assertThat(registry.currentName("make_dir")).contains("make_dir");
        assertThat(registry.currentName("mkdir")).isEmpty();
        assertThat(registry.create("makedir")).get().extracting(Command::name).isEqualTo("make_dir");
    }

    @Test
    void aPlanWithAnOldNameGetsTheNewNameAndOneWarningNamingTheFirstTaskAndTheNewName() throws Exception {
        Tasklist read = TasklistReader.read(PLAN, "old.json");
        CommandNames.Renamed renamed = CommandNames.current(read, registry);

        assertThat(renamed.warnings()).extracting(Problem::toString).containsExactly(
                "old.json:2:3 task 1.1: command 'makedir' is now called 'make_dir' (2 tasks of this plan use the old name);"
                        + " the old name still works but is deprecated: a saved or dumped plan has the new one");
        assertThat(renamed.tasklist().stages().get(0).items()).flatExtracting(i -> i.links())
                .extracting(t -> t.command() + " " + t.arguments().get("path"))
                .containsExactly("make_dir /tmp/a", "make_dir /tmp/b", "make_dir /tmp/c");
        assertThat(CommandNames.current(renamed.tasklist(), registry).warnings()).isEmpty();
    }

    @Test
    void theEngineValidatesAnOldNameAsTheNewCommand() throws Exception {
        ValidatedPlan plan = new Engine(registry, List.of()).validate(TasklistReader.read(PLAN, "old.json"), false);

        assertThat(plan.stages().get(0).tasks()).extracting(PlannedTask::task).extracting(t -> t.command())
                .containsExactly("make_dir", "make_dir", "make_dir");
        assertThat(plan.tasklist().stages().get(0).items()).flatExtracting(i -> i.links()).extracting(t -> t.command())
                .containsOnly("make_dir");
    }

    @Test
    void theDeclarationDecidesWhatIsUnknownMissingAndMistyped() {
        String json = """
                { "name": "p", "stages": [ { "name": "s", "concurrency": 1, "tasks": [
                  { "command": "make_dir", "path": "/tmp/a", "colour": "blue" },
                  { "command": "make_dir", "clobber": "yes" }
                ] } ] }
                """;
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
                () -> new Engine(registry, List.of()).validate(TasklistReader.read(json, "p.json"), false));

        assertThat(e.problems()).extracting(Problem::message).containsExactly(
                "unknown argument 'colour'; 'make_dir' takes: clobber, path",
                "missing required argument 'path' (a string)",
                "argument 'clobber': expected true or false, got string \"yes\"");
    }

    @Test
    void twoCommandsClaimingOneOldNameAreAProgrammingError() {
        assertThatThrownBy(() -> CommandRegistry.of(MakeDir.class, AlsoMakeDir.class))
                .hasMessageContaining("'makedir'");
    }
}
