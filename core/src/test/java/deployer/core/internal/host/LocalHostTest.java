package deployer.core.internal.host;

import deployer.core.spi.ExecOptions;
import deployer.core.spi.ExecResult;
import deployer.core.spi.FailureReason;
import deployer.core.spi.HostException;
import deployer.core.spi.Shell;
import deployer.core.testing.Procs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

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

    @Test
    void aCommandLeadsItsOwnSessionAndProcessGroupSoTheTerminalsCtrlCMissesIt() throws Exception {
        // stat fields 5 and 6 are the process group and session; the shell's parent must be this JVM, which shows
        // that setsid did not fork, so the Process's pid is the group id that an abort kills.
        ExecResult r = host.execute("echo $$ $PPID $(cut -d' ' -f5,6 /proc/$$/stat)", ExecOptions.DEFAULT);
        String[] f = r.stdout().trim().split(" ");
        assertThat(f).hasSize(4);
        long self = ProcessHandle.current().pid();
        assertThat(Long.parseLong(f[1])).as("parent of the shell").isEqualTo(self);
        assertThat(f[2]).as("process group").isEqualTo(f[0]);
        assertThat(f[3]).as("session").isEqualTo(f[0]);
        assertThat(Procs.of(self).orElseThrow().sid()).as("the JVM's own session").isNotEqualTo(Long.parseLong(f[0]));
    }

    @Test
    void anAbortEndsEveryProcessOfTheCommandsGroupAlsoBackgroundChildrenOfItsShell(@TempDir Path dir) throws Exception {
        long group = runUntilInterrupted(dir, "echo $$ > " + dir.resolve("pid") + "; sleep 300 & sleep 300");
        assertThat(Procs.inGroup(group)).as("left in the command's process group").isEmpty();
    }

    @Test
    void aCommandThatIgnoresTermIsKilledAfterTheGracePeriod(@TempDir Path dir) throws Exception {
        long started = System.nanoTime();
        long group = runUntilInterrupted(dir, "trap '' TERM; echo $$ > " + dir.resolve("pid") + "; sleep 300 & sleep 300");
        assertThat(Procs.inGroup(group)).as("left in the command's process group").isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(LocalHost.TERMINATE_GRACE);
    }

    @Test
    void aTimedOutCommandTakesItsBackgroundChildrenWithIt(@TempDir Path dir) throws Exception {
        HostException e = catchThrowableOfType(HostException.class, () -> host.execute(
                "sleep 300 & echo $$ > " + dir.resolve("pid") + "; sleep 300", ExecOptions.DEFAULT.withTimeout(Duration.ofMillis(500))));
        assertThat(e.reason()).isEqualTo(FailureReason.TIMEOUT);
        long group = Long.parseLong(Files.readString(dir.resolve("pid")).trim());
        assertThat(Procs.inGroup(group)).as("left in the command's process group").isEmpty();
    }

    @Test
    void aDaemonThatKeepsTheOutputOpenDoesNotHoldTheTaskAndOutlivesIt(@TempDir Path dir) throws Exception {
        assertDaemonOutlivesTheTask(dir, ExecOptions.DEFAULT);
    }

    @Test
    void withoutATimeoutTooTheTaskEndsWhenTheCommandExits(@TempDir Path dir) throws Exception {
        assertDaemonOutlivesTheTask(dir, ExecOptions.DEFAULT.withTimeout(Duration.ZERO));
    }

    /**
     * A start command's daemon inherits stdout and stderr and holds them open for a minute: the task still ends
     * within the output grace of the shell's exit, with what the shell printed, and the daemon keeps running.
     */
    private void assertDaemonOutlivesTheTask(Path dir, ExecOptions options) throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        long started = System.nanoTime();
        // The shell lives on a moment after starting the daemon so that the readers are blocked in read() when it exits:
        // had it exited at once, the JDK would drain and close the pipes itself, and the old wait would have ended too.
        ExecResult r = host.execute("nohup sleep 60 & echo $! > " + dir.resolve("pid") + "; echo started; echo warming >&2; sleep 1",
                options.withOutput((line, err) -> lines.add((err ? "E " : "O ") + line)));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        long daemon = Long.parseLong(Files.readString(dir.resolve("pid")).trim());
        try {
            assertThat(r.exitStatus()).isZero();
            assertThat(r.stdout()).isEqualTo("started\n");
            assertThat(r.stderrTail()).contains("warming");
            assertThat(lines).contains("O started", "E warming");
            assertThat(took).as("time to the end of the task").isLessThan(LocalHost.OUTPUT_GRACE.plusSeconds(8));
            assertThat(Procs.of(daemon)).as("the daemon after the task").hasValueSatisfying(p -> assertThat(p.cmdline()).contains("sleep 60"));
        } finally {
            ProcessHandle.of(daemon).ifPresent(p -> {
                p.destroyForcibly();
                p.onExit().orTimeout(10, TimeUnit.SECONDS).join();
            });
        }
        assertThat(Procs.of(daemon)).as("the daemon after clean-up").isEmpty();
    }

    /** Runs the command on a thread, interrupts it (what an abort does) once the command wrote its pid; returns the pid. */
    private long runUntilInterrupted(Path dir, String commandLine) throws Exception {
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                host.execute(commandLine, ExecOptions.DEFAULT);
            } catch (Throwable e) {
                outcome.set(e);
            }
        });
        t.start();
        Path pid = dir.resolve("pid");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.exists(pid) || Files.readString(pid).isBlank() || Procs.inGroup(Long.parseLong(Files.readString(pid).trim())).size() < 3) {
            assertThat(System.nanoTime()).as("the command and its two sleeps to start").isLessThan(deadline);
            Thread.sleep(20);
        }
        long group = Long.parseLong(Files.readString(pid).trim());
        t.interrupt();
        t.join(Duration.ofSeconds(30).toMillis());
        assertThat(t.isAlive()).as("execute returned").isFalse();
        assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
        return group;
    }
}
