package deployer.generators.tarball;

import deployer.core.internal.exec.CommandRegistry;
import deployer.core.internal.host.LocalHost;
import deployer.core.model.Task;
import deployer.core.model.TaskId;
import deployer.core.spi.Arguments;
import deployer.core.spi.Command;
import deployer.core.spi.CommandContext;
import deployer.core.spi.CommandResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading a release history and walking it: deploy pushes, rollback pops; unreadable lines are skipped, loudly. */
class ReleaseHistoryTest {

    static final String FILE = "/srv/.web.history";

    @TempDir
    Path dir;

    @Test
    void deploysPushAndRollbacksPopSoRepeatedRollbacksGoFurtherBack() {
        ReleaseHistory h = history("deploy - v1", "deploy v1 v2", "deploy v2 v3");
        assertThat(h.stack()).containsExactly("v1", "v2", "v3");
        assertThat(h.beforeTop()).contains("v2");

        h = history("deploy - v1", "deploy v1 v2", "deploy v2 v3", "rollback v3 v2");
        assertThat(h.stack()).containsExactly("v1", "v2");
        assertThat(h.beforeTop()).as("not forward to v3").contains("v1");

        h = history("deploy - v1", "deploy v1 v2", "deploy v2 v3", "rollback v3 v2", "rollback v2 v1");
        assertThat(h.stack()).containsExactly("v1");
        assertThat(h.beforeTop()).as("exhausted").isEmpty();
        assertThat(h.warnings()).isEmpty();
    }

    @Test
    void aRollbackToANamedOlderReleasePopsDownToIt() {
        assertThat(history("deploy - v1", "deploy v1 v2", "deploy v2 v3", "deploy v3 v4", "rollback v4 v2").stack())
                .containsExactly("v1", "v2");
    }

    @Test
    void aJumpToAReleaseNotBelowIsUndoneByTheNextRollback() {
        // Rolled back to v1, then --to v3 (forward): the next rollback returns to v1, the release it jumped from.
        ReleaseHistory h = history("deploy - v1", "deploy v1 v2", "deploy v2 v3", "rollback v3 v2", "rollback v2 v1", "rollback v1 v3");
        assertThat(h.stack()).containsExactly("v1", "v3");
        assertThat(h.beforeTop()).contains("v1");
    }

    @Test
    void redeployingAnOlderReleaseIsANewDeployThatARollbackUndoes() {
        assertThat(history("deploy - v1", "deploy v1 v2", "deploy v2 v1").stack()).containsExactly("v1", "v2", "v1");
    }

    @Test
    void theReleaseBeforeTheHistoryBeganIsKeptButNotTheOneARollbackLeft() {
        // Released before histories were kept: the first deploy names what it replaced, and a rollback can return there.
        assertThat(history("deploy v0 v1").stack()).containsExactly("v0", "v1");
        // The first line is a rollback (the fallback rollback of such a host): v2 is left behind for good.
        assertThat(history("rollback v2 v1").stack()).containsExactly("v1");
    }

    @Test
    void aSwitchMadeOutsideTheDeployerIsReconciledOnTheNextDeploy() {
        // Someone pointed the link at v5 by hand, then deployed v6: a rollback from v6 goes to v5, where it really was.
        assertThat(history("deploy - v1", "deploy v5 v6").stack()).containsExactly("v1", "v5", "v6");
    }

    @Test
    void tornAndForeignLinesAreSkippedWithAWarningNamingTheLine() {
        String text = line("deploy", "-", "v1") + line("deploy", "v1", "v2")
                + "not a history line\n"
                + "2024-13-45T00:00:00Z\tdeploy\t/srv/web_v2\t/srv/web_v3\tops\n"
                + "2024-05-01T00:00:00Z\tundo\t/srv/web_v2\t/srv/web_v3\tops\n"
                + "2024-05-01T00:00:00Z\tdeploy\t/srv/web_v2\t/srv/other\tops\n"
                + "2024-05-01T00:00:00Z\tdeploy\t/srv/web_v2\t/srv/we";
        ReleaseHistory h = ReleaseHistory.parse("web", FILE, text);
        assertThat(h.stack()).containsExactly("v1", "v2");
        assertThat(h.warnings()).hasSize(5);
        assertThat(h.warnings().get(0)).isEqualTo(FILE + ":3: skipping a line that is not a release switch: 'not a history line'");
        assertThat(h.warnings()).extracting(w -> w.substring(0, w.indexOf(": ")))
                .containsExactly(FILE + ":3", FILE + ":4", FILE + ":5", FILE + ":6", FILE + ":7");
    }

    @Test
    void entriesKeepTimeActionAndOperator() {
        ReleaseHistory h = history("deploy - v1", "rollback v1 v0");
        assertThat(h.entries()).hasSize(2);
        assertThat(h.entries().get(1)).satisfies(e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.rollback()).isTrue();
            assertThat(e.from()).isEqualTo("v1");
            assertThat(e.to()).isEqualTo("v0");
            assertThat(e.by()).isEqualTo("ops@controller");
        });
        assertThat(h.entries().get(0).from()).isNull();
    }

    @Test
    void anEmptyHistoryHasNoTop() {
        ReleaseHistory h = ReleaseHistory.parse("web", FILE, "");
        assertThat(h.top()).isEmpty();
        assertThat(h.beforeTop()).isEmpty();
    }

    /** The contract between writer and reader: lines the real symlink command appends are what the walk reads. */
    @Test
    void readsWhatTheSymlinkCommandWrites() throws Exception {
        for (String v : List.of("1.0", "2.0", "3.0")) {
            Files.createDirectories(dir.resolve("web_" + v));
        }
        Path history = dir.resolve(".web.history");
        List<String> messages = new ArrayList<>();
        try (LocalHost host = new LocalHost("local:h1")) {
            for (String[] sw : List.of(new String[]{"1.0", "deploy"}, new String[]{"2.0", "deploy"}, new String[]{"3.0", "deploy"},
                    new String[]{"2.0", "rollback"}, new String[]{"2.0", "rollback"})) {
                messages.add(symlink(host, dir.resolve("web_" + sw[0]).toString(), sw[1], history));
            }
        }
        assertThat(messages.get(4)).contains("already points to");
        ReleaseHistory h = ReleaseHistory.parse("web", history.toString(), Files.readString(history));
        assertThat(h.warnings()).isEmpty();
        assertThat(h.entries()).hasSize(4);
        assertThat(h.stack()).containsExactly("1.0", "2.0");
        assertThat(RollbackChoice.choose("web", "2.0", List.of("3.0", "2.0", "1.0"), Optional.of(h), history.toString(), null))
                .isEqualTo(new RollbackChoice.SwitchTo("1.0", null));
    }

    /** An automatic rollback's line names the run it undid, and pops like any rollback. */
    @Test
    void anAutomaticRollbackIsWrittenWithItsRunAndPopsTheFailedRelease() throws Exception {
        for (String v : List.of("1.0", "2.0")) {
            Files.createDirectories(dir.resolve("web_" + v));
        }
        Path history = dir.resolve(".web.history");
        try (LocalHost host = new LocalHost("local:h1")) {
            symlink(host, dir.resolve("web_1.0").toString(), "deploy", history);
            symlink(host, dir.resolve("web_2.0").toString(), "deploy", history);
            symlink(host, dir.resolve("web_1.0").toString(), "rollback", "automatic", history);
        }
        String last = Files.readAllLines(history).get(2);
        assertThat(last.split("\t")[1]).matches("rollback \\(automatic, run \\S+\\)");
        ReleaseHistory h = ReleaseHistory.parse("web", history.toString(), Files.readString(history));
        assertThat(h.warnings()).isEmpty();
        assertThat(h.entries().get(2).rollback()).isTrue();
        assertThat(h.entries().get(2).automatic()).isTrue();
        assertThat(h.stack()).containsExactly("1.0");
    }

    private static String symlink(LocalHost host, String source, String action, Path history) throws Exception {
        return symlink(host, source, action, null, history);
    }

    private static String symlink(LocalHost host, String source, String action, String note, Path history) throws Exception {
        Task.Builder b = Task.builder("symlink").host("local:h1").arg("source", source).arg("destination", history.resolveSibling("web").toString())
                .arg("history_file", history.toString()).arg("history_action", action);
        if (note != null) {
            b.arg("history_note", note);
        }
        Task task = b.build();
        Command c = CommandRegistry.load().create("symlink").orElseThrow();
        Arguments args = new Arguments(task, TaskId.of(1, 1));
        c.initialize(args);
        assertThat(args.problems()).isEmpty();
        CommandResult r = c.execute(new CommandContext(TaskId.of(1, 1), "web", host, LoggerFactory.getLogger("test"), () -> false));
        assertThat(r.isFailure()).as(r.message()).isFalse();
        return r.message();
    }

    static ReleaseHistory history(String... switches) {
        StringBuilder text = new StringBuilder();
        for (String sw : switches) {
            String[] f = sw.split(" ");
            text.append(line(f[0], f[1], f[2]));
        }
        return ReleaseHistory.parse("web", FILE, text.toString());
    }

    static String line(String action, String from, String to) {
        return "2024-05-01T00:00:00Z\t" + action + "\t" + (from.equals("-") ? "-" : "/srv/web_" + from) + "\t/srv/web_" + to + "\tops@controller\n";
    }
}
