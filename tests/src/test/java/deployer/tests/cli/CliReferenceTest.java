package deployer.tests.cli;

import deployer.core.internal.cli.CliReference;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/reference/cli.md's option listing is the sub-command declarations' output, platforms of this build included. */
class CliReferenceTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theCliReferenceIsTheDeclarationsHelp() throws IOException {
        Path doc = ROOT.resolve("docs/reference/cli.md");
        String written = Files.readString(doc, StandardCharsets.UTF_8);
        String current = CliReference.withSection(written);
        Files.writeString(ROOT.resolve("tests/target/cli.md"), current, StandardCharsets.UTF_8);
        assertThat(written)
                .as("docs/reference/cli.md is out of date with the sub-command declarations; regenerate it: java -cp"
                        + " <the tests' classpath> deployer.core.internal.cli.CliReference docs/reference/cli.md"
                        + " (the current text is in tests/target/cli.md)")
                .isEqualTo(current);
    }

    @Test
    void everySubCommandHasItsHelpThere() {
        assertThat(CliReference.section()).contains("### `deploy --help`", "### `deploy status --help`", "### `deploy run --help`",
                "### `deploy shell --help`", "### `deploy secrets --help`", "### `deploy lock release --help`",
                "### `deploy approve --help`", "### `deploy rollback --help`", "### `deploy abort --help`", "usage: deploy rollback RUN_ID",
                "### `build-tasklist --help`", "usage: deploy lock release --config FILE");
    }
}
