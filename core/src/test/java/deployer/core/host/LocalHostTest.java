package deployer.core.host;

import deployer.core.spi.ExecOptions;
import deployer.core.spi.ExecResult;
import deployer.core.spi.FailureReason;
import deployer.core.spi.HostException;
import deployer.core.spi.Shell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class LocalHostTest {

    private final LocalHost host = new LocalHost("local:t");

    @Test
    void runsThroughShAndReportsExitStatusStdoutAndTheStderrTail() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        ExecResult r = host.execute("echo out; for i in $(seq 1 30); do echo err$i >&2; done; exit 3",
                ExecOptions.DEFAULT.withOutput((line, err) -> lines.add((err ? "E " : "O ") + line)));
        assertThat(r.exitStatus()).isEqualTo(3);
        assertThat(r.succeeded()).isFalse();
        assertThat(r.stdout()).isEqualTo("out\n");
        assertThat(r.stderrTail()).hasSize(ExecOptions.STDERR_TAIL_LINES).startsWith("err11").endsWith("err30");
        assertThat(lines).contains("O out", "E err1", "E err30");
    }

    @Test
    void aHungCommandTimesOut() {
        HostException e = catchThrowableOfType(HostException.class,
                () -> host.execute("sleep 30", ExecOptions.DEFAULT.withTimeout(Duration.ofMillis(300))));
        assertThat(e.reason()).isEqualTo(FailureReason.TIMEOUT);
        assertThat(e.host()).isEqualTo("local:t");
    }

    @Test
    void tenMegabytesOfOutputDoNotHangAndStdoutIsCapped() throws Exception {
        ExecResult r = host.execute("head -c 10485760 /dev/zero | tr '\\0' 'x' | fold -w 100", ExecOptions.DEFAULT);
        assertThat(r.exitStatus()).isZero();
        assertThat(r.stdout().length()).isLessThanOrEqualTo(ExecOptions.MAX_CAPTURED_STDOUT).isGreaterThan(ExecOptions.MAX_CAPTURED_STDOUT - 200);
    }

    @Test
    void quotedValuesReachTheShellAsOneWordWhateverTheyHold(@TempDir Path dir) throws Exception {
        String hostile = "it's a $(touch " + dir.resolve("pwned") + ") `x` \"y\"; rm -rf " + dir;
        ExecResult r = host.execute("printf %s " + Shell.quote(hostile), ExecOptions.DEFAULT);
        assertThat(r.stdout()).isEqualTo(hostile + "\n");
        assertThat(dir.resolve("pwned")).doesNotExist();
        assertThat(dir).exists();
    }

    @Test
    void putGetAndExistsCopyFiles(@TempDir Path dir) throws Exception {
        Path src = Files.writeString(dir.resolve("a.txt"), "hello");
        Files.createDirectories(dir.resolve("remote"));
        host.put(src, dir.resolve("remote").toString());
        assertThat(host.exists(dir.resolve("remote/a.txt").toString())).isTrue();
        host.get(dir.resolve("remote/a.txt").toString(), dir.resolve("back.txt"));
        assertThat(dir.resolve("back.txt")).hasContent("hello");
        assertThat(host.exists(dir.resolve("nope").toString())).isFalse();
    }
}
