package deployer.commands.files;

import deployer.core.spi.CommandResult.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static deployer.commands.CommandTester.command;
import static org.assertj.core.api.Assertions.assertThat;

/** upload_template's record on a real local host: what a later plan compares to tell whether the file drifted. */
class UploadTemplateRecordTest {

    static final String FIRST = "a".repeat(64);
    static final String SECOND = "b".repeat(64);

    @TempDir
    Path dir;

    @Test
    void aRenderingLeavesItsFingerprintAndTheFilesChecksumInTheRecord() throws Exception {
        Path template = Files.writeString(dir.resolve("app.conf.mustache"), "x={{x}}\n");
        Path file = dir.resolve("release/app.conf");
        Files.createDirectories(file.getParent());
        Path record = dir.resolve("release/.deployer-templates/conf/app.conf");

        var run = render(template, file, record, FIRST);

        assertThat(run.result().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(file).hasContent("x=1\n");
        assertThat(record).hasContent(FIRST + " " + UploadTemplateCommand.sha256("x=1\n".getBytes(StandardCharsets.UTF_8)) + "\n");

        // The same file from other inputs (a value the template does not use): unchanged, and the record says so.
        var again = render(template, file, record, SECOND);
        assertThat(again.message()).startsWith("unchanged:");
        assertThat(Files.readString(record)).startsWith(SECOND + " ");
    }

    @Test
    void aDryRunLeavesTheRecordAlone() throws Exception {
        Path template = Files.writeString(dir.resolve("t.mustache"), "x={{x}}\n");
        Path file = dir.resolve("app.conf");
        Path record = dir.resolve(".deployer-templates/app.conf");
        render(template, file, record, FIRST);
        Files.writeString(template, "x={{x}} changed\n");

        var preview = command("upload_template").arg("template", template.toString()).arg("destination", file.toString())
                .arg("values", Map.of("x", 1L)).arg("record", record.toString()).arg("fingerprint", SECOND).dryRun().run();

        assertThat(preview.message()).contains("+x=1 changed");
        assertThat(Files.readString(record)).startsWith(FIRST + " ");
    }

    @Test
    void recordAndFingerprintGoTogether() {
        assertThat(command("upload_template").arg("template", "/nonexistent").arg("destination", "/tmp/x").arg("record", "/tmp/r").problems())
                .contains("arguments 'record' and 'fingerprint' go together: give both or neither");
        assertThat(command("upload_template").arg("template", "/nonexistent").arg("destination", "/tmp/x").arg("record", "/tmp/r")
                .arg("fingerprint", "xyz").problems()).anySatisfy(p -> assertThat(p).contains("'fingerprint': expected 64 lower-case hex digits"));
    }

    private static deployer.commands.CommandTester.Run render(Path template, Path file, Path record, String fingerprint) throws Exception {
        return command("upload_template").arg("template", template.toString()).arg("destination", file.toString())
                .arg("values", Map.of("x", 1L)).arg("mode", "0640").arg("record", record.toString()).arg("fingerprint", fingerprint).run();
    }
}
