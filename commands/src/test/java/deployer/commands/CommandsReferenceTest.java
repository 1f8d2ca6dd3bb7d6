package deployer.commands;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** COMMANDS.md's command table is the commands' declarations' output (the prose around it is hand-written). */
class CommandsReferenceTest {

    private static final Path DOC = Path.of("COMMANDS.md");

    @Test
    void theCommandTableIsTheDeclarations() throws IOException {
        String written = Files.readString(DOC, StandardCharsets.UTF_8);
        String current = CommandsReference.withTable(written);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/COMMANDS.md"), current, StandardCharsets.UTF_8);
        assertThat(written)
                .as("commands/COMMANDS.md is out of date with the commands' declarations; regenerate it: java -cp"
                        + " <the commands' classpath> deployer.commands.CommandsReference commands/COMMANDS.md"
                        + " (the current text is in commands/target/COMMANDS.md)")
                .isEqualTo(current);
    }

    @Test
    void theTableShowsRequiredDefaultsSensitiveAndFormerNames() {
        assertThat(CommandsReference.table())
                .contains("| `create_directory` (formerly `createdirectory`) | **path** (string), clobber=false (true/false), mode (string) |")
                .contains("**contents** (string; sensitive; may be a secret; never logged)")
                .contains("`disable_load_balancer` (formerly `disable_loadbalancer`) / `enable_load_balancer` (formerly `enable_loadbalancer`)")
                .contains("hostname=(the task's host name) (string)");
    }
}
