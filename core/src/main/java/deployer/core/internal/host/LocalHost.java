package deployer.core.internal.host;

import deployer.core.spi.ExecOptions;
import deployer.core.spi.ExecResult;
import deployer.core.spi.FailureReason;
import deployer.core.spi.HostException;
import deployer.core.spi.RemoteHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * This machine, under the name {@code local} or {@code local:NAME}. Command lines run through
 * {@code /bin/sh -c}, each in its own session and process group ({@link ProcessGroup}): a Ctrl-C at the terminal
 * reaches only the deployer, and a timed-out or aborted command is ended with everything it started. A command
 * that exits is done, even when a process it started in the background still holds its output open: that process
 * keeps running, and what it writes after a short grace is not read. Files are copied. A pseudo-terminal is not
 * allocated locally (none is needed).
 */
public final class LocalHost implements RemoteHost {

    /** How long an ended command's processes get between TERM and KILL. */
    static final Duration TERMINATE_GRACE = Duration.ofSeconds(3);

    /**
     * How long the output readers may go on after the command's own process exited: enough for what is still in the
     * pipes, short enough that a daemon holding them open does not hold the task.
     */
    static final Duration OUTPUT_GRACE = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(LocalHost.class);

    private final String name;

    /** Environment variables that hold the deployer's secrets (see SshCredentials, Passphrases). */
    static final java.util.Set<String> SECRET_ENVIRONMENT = java.util.Set.of("DEPLOYER_SSH_PASSPHRASE", "DEPLOYER_SUDO_PASSWORD");

    public LocalHost(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ExecResult execute(String commandLine, ExecOptions options) throws HostException, InterruptedException {
        List<String> argv = new ArrayList<>();
        if (options.sudo()) {
            argv.addAll(List.of("sudo", "-n"));
            if (options.sudoUser() != null) {
                argv.addAll(List.of("-u", options.sudoUser()));
            }
            argv.add("--");
        }
        argv.addAll(List.of("/bin/sh", "-c", commandLine));
        Process process;
        try {
            ProcessBuilder pb = new ProcessBuilder(ProcessGroup.wrap(argv)).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            // The deployer's own secrets are not the commands' business (a local `env` would print them).
            pb.environment().keySet().removeAll(SECRET_ENVIRONMENT);
            process = pb.start();
        } catch (IOException e) {
            throw new HostException(FailureReason.COMMAND_ERROR, name, "cannot start /bin/sh: " + e.getMessage(), e);
        }
        OutputCapture out = new OutputCapture(false, options.output());
        OutputCapture err = new OutputCapture(true, options.output());
        Thread outReader = out.drainInBackground(process.getInputStream(), name);
        Thread errReader = err.drainInBackground(process.getErrorStream(), name);
        long deadline = options.timeout().isZero() ? Long.MAX_VALUE : System.nanoTime() + options.timeout().toNanos();
        try {
            if (!exited(process, deadline)) {
                terminate(process);
                throw new HostException(FailureReason.TIMEOUT, name,
                        "command timed out after " + options.timeout().toSeconds() + " s: " + commandLine);
            }
            // The command's own process has exited, so the task is done. Its output ends now, unless a process it
            // started in the background (a start command's `nohup daemon &`) inherited stdout or stderr and keeps
            // them open: the readers get a short grace for what is still in the pipes, then the task ends without
            // them. That process is left running (starting it was the point); only a timeout or an abort ends a group.
            long readBy = System.nanoTime() + OUTPUT_GRACE.toNanos();
            if (!(joined(outReader, readBy) & joined(errReader, readBy))) {
                out.detach();
                err.detach();
                LOG.info("{}: the command exited but a process it started keeps its output open; stopped reading after {} s "
                        + "(redirect that process's output, e.g. > file 2>&1, to keep it): {}", name, OUTPUT_GRACE.toSeconds(), commandLine);
            }
        } catch (InterruptedException e) {
            // The run was aborted: nothing this command started may outlive it.
            terminate(process);
            throw e;
        }
        return new ExecResult(process.exitValue(), out.text(), err.tail());
    }

    /**
     * The command's stdin and stdout are the caller's streams. Unlike {@link #execute(String, ExecOptions)} the
     * output is read to its very end (a stream's bytes are its point), within the timeout.
     */
    @Override
    public ExecResult execute(String commandLine, ExecOptions options, java.io.InputStream stdin, java.io.OutputStream stdout)
            throws HostException, InterruptedException {
        if (options.sudo()) {
            throw new HostException(FailureReason.COMMAND_ERROR, name, "a streamed command cannot run through sudo here: " + commandLine);
        }
        Process process;
        try {
            ProcessBuilder pb = new ProcessBuilder(ProcessGroup.wrap(List.of("/bin/sh", "-c", commandLine)));
            pb.environment().keySet().removeAll(SECRET_ENVIRONMENT);
            process = pb.start();
        } catch (IOException e) {
            throw new HostException(FailureReason.COMMAND_ERROR, name, "cannot start /bin/sh: " + e.getMessage(), e);
        }
        BytePump feeder = BytePump.feeder(stdin, process.getOutputStream(), "stdin-" + name);
        BytePump reader = BytePump.reader(process.getInputStream(), stdout, "stdout-" + name);
        OutputCapture err = new OutputCapture(true, options.output());
        Thread errReader = err.drainInBackground(process.getErrorStream(), name);
        long deadline = options.timeout().isZero() ? Long.MAX_VALUE : System.nanoTime() + options.timeout().toNanos();
        try {
            if (!exited(process, deadline) || !joined(reader.thread(), deadline) || !joined(errReader, deadline)) {
                terminate(process);
                throw new HostException(FailureReason.TIMEOUT, name,
                        "command timed out after " + options.timeout().toSeconds() + " s: " + commandLine);
            }
        } catch (InterruptedException e) {
            terminate(process);
            throw e;
        } finally {
            feeder.stop();
        }
        return new ExecResult(process.exitValue(), "", err.tail());
    }

    /** Waits for the command's own process (not for what it left running) until the deadline; false if it still runs. */
    private static boolean exited(Process process, long deadline) throws InterruptedException {
        if (deadline == Long.MAX_VALUE) {
            process.waitFor();
            return true;
        }
        return process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /** Waits for an output reader until the deadline; false if it still reads. */
    private static boolean joined(Thread reader, long deadline) throws InterruptedException {
        if (deadline == Long.MAX_VALUE) {
            reader.join();
            return true;
        }
        long left = deadline - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.timedJoin(reader, left);
        }
        return !reader.isAlive();
    }

    private static void terminate(Process process) {
        if (ProcessGroup.supported()) {
            ProcessGroup group = ProcessGroup.ledBy(process);
            if (!group.terminate(TERMINATE_GRACE)) {
                LOG.warn("{} still has processes after KILL (not ours to kill, or stuck in the kernel): {}", group, group.members());
            }
        } else {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    @Override
    public void put(Path localFile, String remotePath) throws HostException {
        copy(localFile, Path.of(remotePath));
    }

    @Override
    public void get(String remotePath, Path localFile) throws HostException {
        copy(Path.of(remotePath), localFile);
    }

    private void copy(Path from, Path to) throws HostException {
        try {
            Path target = Files.isDirectory(to) ? to.resolve(from.getFileName()) : to;
            // Copy beside the target, then rename: a reader never sees half a file.
            Path tmp = target.resolveSibling("." + target.getFileName() + ".part");
            Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new HostException(FailureReason.COMMAND_ERROR, name, "cannot copy " + from + " to " + to + ": " + e, e);
        }
    }

    @Override
    public boolean exists(String remotePath) {
        return Files.exists(Path.of(remotePath));
    }

    @Override
    public void close() {
        // Nothing held between calls.
    }
}
