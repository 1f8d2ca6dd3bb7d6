package deployer.core.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a deployer CLI the way a user at a terminal does: in a new session whose controlling terminal is a fresh
 * pseudo-terminal, as that terminal's foreground process group. Typing the interrupt character ({@link #pressCtrlC()})
 * then makes the kernel's tty driver send SIGINT to the whole foreground group — what a real Ctrl-C does, unlike
 * {@code kill -INT PID}, which reaches one process.
 *
 * <p>Java has no pty API, so a small python3 program (the standard {@code pty}/{@code os}/{@code termios}
 * modules; python3 comes with graphite-carbon, which the test command installs) opens the pty, starts the CLI on
 * it, and relays: what the test types goes to the pty master; what the terminal shows is kept as the
 * {@linkplain #transcript() transcript}. stdin is always the terminal; stdout and stderr go to {@code cli.out} and
 * {@code cli.err} in the work directory ({@link Output#FILES}, so tests can tell results from logs) or to the
 * terminal as well ({@link Output#TERMINAL}, for interactive tests).
 */
public final class PtyProcess implements AutoCloseable {

    /** Where the CLI's stdout and stderr go. */
    public enum Output { FILES, TERMINAL }

    /** The terminal's interrupt character (VINTR) in a new pty's default settings. */
    public static final char CTRL_C = 0x03;

    private static final String RELAY = """
            import fcntl, os, select, signal, sys, termios
            out_path, err_path, argv = sys.argv[1], sys.argv[2], sys.argv[3:]
            master, slave = os.openpty()
            pid = os.fork()
            if pid == 0:
                os.setsid()
                fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
                os.dup2(slave, 0)
                for fd, path in ((1, out_path), (2, err_path)):
                    if path:
                        f = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
                        os.dup2(f, fd)
                        os.close(f)
                    else:
                        os.dup2(slave, fd)
                os.close(master)
                if slave > 2:
                    os.close(slave)
                # As a login shell leaves them for a foreground job: python ignores SIGPIPE, and a test runner
                # started in the background ignores SIGINT; both would be inherited through exec.
                for s in (signal.SIGINT, signal.SIGQUIT, signal.SIGTSTP, signal.SIGTTIN, signal.SIGTTOU, signal.SIGPIPE, signal.SIGHUP):
                    signal.signal(s, signal.SIG_DFL)
                try:
                    os.execvp(argv[0], argv)
                finally:
                    os._exit(127)
            os.close(slave)
            out = sys.stdout.buffer
            out.write(b"pid %d\\n" % pid)
            out.flush()
            stdin = sys.stdin.buffer.fileno()
            inputs = [master, stdin]
            status = None
            while True:
                ready, _, _ = select.select(inputs, [], [], 0.05)
                if master in ready:
                    try:
                        data = os.read(master, 4096)
                    except OSError:
                        data = b""
                    if data:
                        out.write(data)
                        out.flush()
                    else:
                        inputs.remove(master)
                if stdin in ready:
                    data = os.read(stdin, 4096)
                    if data:
                        os.write(master, data)
                    else:
                        inputs.remove(stdin)
                if status is None:
                    done, st = os.waitpid(pid, os.WNOHANG)
                    if done:
                        status = st
                if status is not None and master not in inputs:
                    break
                if status is not None and not ready:
                    break
            sys.exit(os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status))
            """;

    private final Process relay;
    private final Path workDir;
    private final Output output;
    private final long pid;
    private final OutputStream keyboard;
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    private final Thread screenReader;

    private PtyProcess(Process relay, Path workDir, Output output, long pid, InputStream terminal) {
        this.relay = relay;
        this.workDir = workDir;
        this.output = output;
        this.pid = pid;
        this.keyboard = relay.getOutputStream();
        this.screenReader = new Thread(() -> copy(terminal), "pty-screen");
        screenReader.setDaemon(true);
        screenReader.start();
    }

    /** Starts the CLI on a new terminal, stdout and stderr to files as with {@link CliProcess#start}. */
    public static PtyProcess start(String mainClass, Path workDir, String... args) throws IOException {
        return start(Output.FILES, mainClass, workDir, args);
    }

    public static PtyProcess start(Output output, String mainClass, Path workDir, String... args) throws IOException {
        Files.createDirectories(workDir);
        List<String> cmd = new ArrayList<>(List.of("python3", "-c", RELAY));
        cmd.add(output == Output.FILES ? workDir.resolve("cli.out").toString() : "");
        cmd.add(output == Output.FILES ? workDir.resolve("cli.err").toString() : "");
        cmd.addAll(CliProcess.command(mainClass, args));
        Process relay;
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
                    .redirectError(workDir.resolve("pty-relay.err").toFile());
            // A terminal means a person at it, even when the tests themselves run in CI (where the CLI never asks).
            pb.environment().remove("CI");
            relay = pb.start();
        } catch (IOException e) {
            throw new IOException("cannot start python3, which runs the pseudo-terminal: " + e.getMessage(), e);
        }
        InputStream terminal = relay.getInputStream();
        String first = readLine(terminal);
        if (!first.startsWith("pid ")) {
            relay.destroyForcibly();
            throw new IllegalStateException("the pty relay did not start the CLI: '" + first + "'; "
                    + Files.readString(workDir.resolve("pty-relay.err")));
        }
        return new PtyProcess(relay, workDir, output, Long.parseLong(first.substring(4).trim()), terminal);
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            line.append((char) c);
        }
        return line.toString();
    }

    private void copy(InputStream terminal) {
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = terminal.read(buffer)) != -1) {
                synchronized (screen) {
                    screen.write(buffer, 0, n);
                }
            }
        } catch (IOException ignored) {
            // The relay ended.
        }
    }

    /** The CLI's pid; it leads the terminal's session and foreground process group, so it is also their id. */
    public long pid() {
        return pid;
    }

    public boolean isAlive() {
        return relay.isAlive();
    }

    /** Types text at the terminal (the line discipline sees it as keystrokes). */
    public void type(String text) throws IOException {
        keyboard.write(text.getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }

    /** Ctrl-C: the tty driver sends SIGINT to every process of the terminal's foreground group. */
    public void pressCtrlC() throws IOException {
        type(String.valueOf(CTRL_C));
    }

    /** What the terminal showed so far (echoed keystrokes such as {@code ^C}, and the CLI's output with {@link Output#TERMINAL}). */
    public String transcript() {
        synchronized (screen) {
            return screen.toString(StandardCharsets.UTF_8);
        }
    }

    /** The CLI's stderr so far ({@link Output#FILES}). */
    public String stderr() throws IOException {
        Path err = workDir.resolve("cli.err");
        return Files.exists(err) ? Files.readString(err, StandardCharsets.UTF_8) : "";
    }

    /**
     * Waits for the CLI to end (bounded) and returns its exit code and output; with {@link Output#TERMINAL}, stdout
     * is the transcript and stderr empty.
     */
    public CliProcess.Result finish(Duration timeout) throws IOException, InterruptedException {
        if (!relay.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            throw new AssertionError("CLI on the pty did not finish within " + timeout + "; stderr so far:\n"
                    + (output == Output.FILES ? stderr() : transcript()));
        }
        screenReader.join(TimeUnit.SECONDS.toMillis(10));
        if (output == Output.TERMINAL) {
            return new CliProcess.Result(relay.exitValue(), transcript(), "");
        }
        return new CliProcess.Result(relay.exitValue(), Files.readString(workDir.resolve("cli.out"), StandardCharsets.UTF_8), stderr());
    }

    /**
     * Ends the CLI and the relay if they still run (a test's clean-up): two Ctrl-Cs first, so that the CLI ends the
     * commands it started (they live in their own process groups and would outlive a killed CLI), then KILL.
     */
    @Override
    public void close() {
        if (relay.isAlive()) {
            try {
                pressCtrlC();
                relay.waitFor(300, TimeUnit.MILLISECONDS);
                pressCtrlC();
                relay.waitFor(15, TimeUnit.SECONDS);
            } catch (IOException e) {
                // The relay went meanwhile.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        relay.destroyForcibly();
    }

    /** Blocks until {@code what} holds or the timeout passes; fails naming what it waited for, with the CLI's stderr. */
    public void await(String what, Duration timeout, Check check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline || !relay.isAlive()) {
                throw new AssertionError("gave up waiting for " + what + " (CLI " + (relay.isAlive() ? "still running" : "ended")
                        + "); stderr:\n" + (output == Output.FILES ? stderr() : transcript()));
            }
            Thread.sleep(20);
        }
    }

    /** A condition {@link #await} polls. */
    @FunctionalInterface
    public interface Check {
        boolean holds() throws Exception;
    }
}
