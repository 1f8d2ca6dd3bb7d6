package deployer.commands.files;

import deployer.core.spi.CommandResult.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static deployer.commands.CommandTester.command;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code symlink} with {@code history_file}: one line per real switch, on real files through a real shell. */
class SymlinkHistoryTest {

    @TempDir
    Path dir;

    @Test
    void everySwitchAppendsOneLineNamingTheActionOldAndNewTargetAndOperator() throws Exception {
        Path link = dir.resolve("web");
        Path history = dir.resolve(".web.history");
        Instant before = Instant.now().minusSeconds(2);

        var first = switchTo("web_1", "deploy");
        assertThat(first.message()).contains("new link", "recorded in " + history);
        switchTo("web_2", "deploy");
        switchTo("web_1", "rollback");

        List<String> lines = Files.readAllLines(history);
        assertThat(lines).hasSize(3);
        String operator = System.getProperty("user.name") + "@";
        List<String> f = fields(lines.get(0));
        assertThat(f).hasSize(5);
        assertThat(f.subList(1, 4)).containsExactly("deploy", "-", "web_1");
        assertThat(f.get(4)).startsWith(operator);
        assertThat(Instant.parse(f.get(0))).isBetween(before, Instant.now().plus(Duration.ofSeconds(2)));
        assertThat(fields(lines.get(1)).subList(1, 4)).containsExactly("deploy", "web_1", "web_2");
        assertThat(fields(lines.get(2)).subList(1, 4)).containsExactly("rollback", "web_2", "web_1");
        assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("web_1"));
    }

    @Test
    void aLinkAlreadyRightWritesNoLine() throws Exception {
        switchTo("web_1", "deploy");
        var again = switchTo("web_1", "deploy");
        assertThat(again.message()).contains("already points to web_1");
        assertThat(Files.readAllLines(dir.resolve(".web.history"))).hasSize(1);
    }

    @Test
    void valuesWithQuotesAndSpacesReachTheFileVerbatimAndRunNothing() throws Exception {
        Path odd = Files.createDirectories(dir.resolve("it's $(touch pwned) `x`"));
        Path history = odd.resolve(".we b's.history");
        var run = command("symlink").arg("source", "web_1 '$(touch pwned2)'").arg("destination", odd.resolve("web").toString())
                .arg("history_file", history.toString()).run();
        assertThat(run.result().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(fields(Files.readAllLines(history).get(0)).get(3)).isEqualTo("web_1 '$(touch pwned2)'");
        assertThat(dir.resolve("pwned")).doesNotExist();
        assertThat(odd.resolve("pwned2")).doesNotExist();
        assertThat(Path.of("pwned2")).doesNotExist();
    }

    @Test
    void anUnwritableHistoryStopsBeforeTheLinkIsTouched() throws Exception {
        switchTo("web_1", "deploy");
        // Tests may run as root, which ignores file modes; a directory in the file's place cannot be appended to by anyone.
        Path blocked = Files.createDirectories(dir.resolve(".blocked.history"));
        var run = command("symlink").arg("source", "web_2").arg("destination", dir.resolve("web").toString())
                .arg("history_file", blocked.toString()).run();
        assertThat(run.result().isFailure()).isTrue();
        assertThat(run.result().outputTail()).anySatisfy(l -> assertThat(l).contains("cannot write the release history " + blocked));
        assertThat(Files.readSymbolicLink(dir.resolve("web"))).isEqualTo(Path.of("web_1"));
    }

    @Test
    void aFailedAppendAfterTheSwitchKeepsTheSwitchAndWarns() throws Exception {
        // /dev/full opens for appending but every write fails (ENOSPC): a disk that filled up between check and append.
        var run = command("symlink").arg("source", "web_1").arg("destination", dir.resolve("web").toString())
                .arg("history_file", "/dev/full").run();
        assertThat(run.result().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(run.message()).contains("now points to web_1", "NOT recorded in /dev/full");
        assertThat(run.log().texts(org.slf4j.event.Level.WARN))
                .anySatisfy(w -> assertThat(w).contains("could not be appended to the release history /dev/full", "--to"));
        assertThat(Files.readSymbolicLink(dir.resolve("web"))).isEqualTo(Path.of("web_1"));
    }

    @Test
    void historyArgumentsAreChecked() {
        assertThat(command("symlink").arg("source", "web_1").arg("destination", "/tmp/web")
                .arg("history_file", "/tmp/.web.history").arg("history_action", "undo").problems())
                .containsExactly("argument 'history_action': expected 'deploy' or 'rollback', got 'undo'");
        assertThat(command("symlink").arg("source", "web_1").arg("destination", "/tmp/web").arg("history_action", "rollback").problems())
                .containsExactly("argument 'history_action' needs 'history_file'");
        assertThat(command("symlink").arg("source", "web\t1").arg("destination", "/tmp/web").arg("history_file", "/tmp/h").problems())
                .singleElement().asString().contains("cannot contain a tab");
    }

    private deployer.commands.CommandTester.Run switchTo(String target, String action) throws Exception {
        var run = command("symlink").arg("source", target).arg("destination", dir.resolve("web").toString())
                .arg("history_file", dir.resolve(".web.history").toString()).arg("history_action", action).run();
        assertThat(run.result().outcome()).as(run.message()).isEqualTo(Outcome.SUCCEEDED);
        return run;
    }

    private static List<String> fields(String line) {
        return List.of(line.split("\t", -1));
    }
}
