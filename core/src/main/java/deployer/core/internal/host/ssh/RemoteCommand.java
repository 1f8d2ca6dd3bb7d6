package deployer.core.internal.host.ssh;

import deployer.core.internal.host.BytePump;
import deployer.core.internal.host.OutputCapture;
import deployer.core.spi.ExecOptions;
import deployer.core.spi.ExecResult;
import deployer.core.spi.FailureReason;
import deployer.core.spi.HostException;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.Signal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;

/**
 * Runs one command line in its own session on an open connection: stdout and stderr are drained at the same
 * time, by the task's own thread as their bytes arrive ({@link WatchedSession}), before waiting for the exit status
 * (sshj's window fills at about 2 MB and a chatty command would hang otherwise). Past the timeout, or when the run
 * is aborted, the command is ended: TERM, then KILL after a grace period, then its channel is closed. OpenSSH
 * delivers a signal to the session's whole process group (killpg), so a shell's background jobs end too; closing
 * the channel alone would leave a command that never writes (a {@code sleep}) running on the host.
 */
final class RemoteCommand {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteCommand.class);
    private static final int MAX_LINE_IN_MESSAGE = 200;
    /** How long an ended command gets between TERM and KILL. */
    static final Duration TERMINATE_GRACE = Duration.ofSeconds(3);
    /** How long a KILLed command's channel gets to report its end before it is closed anyway. */
    private static final Duration KILL_CONFIRMATION = Duration.ofSeconds(2);
    /**
     * How long the readers may go on after the command's own process exited: long enough for what is still in
     * flight, short enough that a daemon holding the output open does not hold the task (as on a local host).
     */
    static final Duration OUTPUT_GRACE = Duration.ofSeconds(2);

    private RemoteCommand() {
    }

    /**
     * @throws IOException   the connection failed (the caller classifies it)
     * @throws HostException TIMEOUT
     */
    static ExecResult run(SSHClient client, SshTarget target, String commandLine, String shown, ExecOptions options,
                          Set<Session.Command> running)
            throws IOException, HostException, InterruptedException {
        return run(client, target, commandLine, shown, options, running, null);
    }

    /** @param stdin what the command reads before end of input (a sudo password), or null for nothing */
    static ExecResult run(SSHClient client, SshTarget target, String commandLine, String shown, ExecOptions options,
                          Set<Session.Command> running, byte[] stdin)
            throws IOException, HostException, InterruptedException {
        try (WatchedSession session = WatchedSession.open(client)) {
            if (options.pty()) {
                session.allocateDefaultPTY();
            }
            // sshj's session channel is its own command: exec returns it.
            session.exec(commandLine);
            running.add(session);
            try {
                return await(client, target, session, shown, options, stdin);
            } catch (IOException | HostException | InterruptedException | RuntimeException e) {
                endIfRunning(session);
                throw e;
            } finally {
                running.remove(session);
            }
        }
    }

    /**
     * However a wait for a command ended early (an abort's interrupt, which sshj may also report as an IOException;
     * a broken stream), the command is ended on its host before its channel is closed: closing alone leaves a
     * command that ignores the hang-up (or never writes) running there, and the host's own close, racing with this
     * thread, finds a closed channel it can no longer signal. Does nothing when the command has ended already.
     */
    private static void endIfRunning(Session.Command command) {
        if (command.isOpen() && command.getExitStatus() == null && command.getExitSignal() == null) {
            terminate(command);
        }
    }

    /** A command whose stdin and stdout are the caller's streams (see RemoteHost). */
    static ExecResult stream(SSHClient client, SshTarget target, String commandLine, ExecOptions options,
                             Set<Session.Command> running, InputStream stdin, OutputStream stdout)
            throws IOException, HostException, InterruptedException {
        try (Session session = client.startSession()) {
            if (options.pty()) {
                session.allocateDefaultPTY();
            }
            Session.Command command = session.exec(commandLine);
            running.add(command);
            BytePump feeder = BytePump.feeder(stdin, command.getOutputStream(), "stdin-" + target.name());
            try {
                BytePump reader = BytePump.reader(command.getInputStream(), stdout, "stdout-" + target.name());
                OutputCapture err = new OutputCapture(true, options.output());
                Thread errReader = err.drainInBackground(command.getErrorStream(), target.name());
                long deadline = options.timeout().isZero() ? Long.MAX_VALUE : System.nanoTime() + options.timeout().toNanos();
                try {
                    boolean finished = join(reader.thread(), deadline) && join(errReader, deadline) && join(command, deadline);
                    if (!finished) {
                        terminate(command);
                        throw timedOut(target, options, commandLine);
                    }
                } catch (IOException | InterruptedException | RuntimeException e) {
                    endIfRunning(command);
                    throw e;
                }
                Integer status = command.getExitStatus();
                if (status == null && !client.isConnected()) {
                    throw new IOException("the connection closed before the command ended");
                }
                return new ExecResult(status, "", err.tail());
            } finally {
                feeder.stop();
                running.remove(command);
            }
        }
    }

    /** A command on a remote pseudo-terminal wired raw to the caller's streams (see SshHost.runOnTerminal). */
    static Integer onTerminal(SSHClient client, SshTarget target, String commandLine, String term, int columns, int rows,
                              InputStream keys, OutputStream screen, Set<Session.Command> running,
                              java.util.function.Consumer<SshHost.Resize> resize) throws IOException, InterruptedException {
        try (Session session = client.startSession()) {
            session.allocatePTY(term, columns, rows, 0, 0, java.util.Map.of());
            Session.Command command = session.exec(commandLine);
            running.add(command);
            // sshj's session channel is also the Shell that can change the window size.
            Session.Shell shell = (Session.Shell) command;
            resize.accept((c, r) -> shell.changeWindowDimensions(c, r, 0, 0));
            // The keys are read from the operator's terminal, which has no end: this feeder is left to the process's
            // end (a daemon), as ssh's own stdin reader is.
            BytePump.feeder(keys, command.getOutputStream(), "keys-" + target.name());
            try {
                BytePump out = BytePump.reader(command.getInputStream(), screen, "screen-" + target.name());
                BytePump err = BytePump.reader(command.getErrorStream(), screen, "screen-err-" + target.name());
                out.thread().join();
                err.thread().join();
                command.join();
            } catch (IOException | InterruptedException | RuntimeException e) {
                endIfRunning(command);
                throw e;
            } finally {
                running.remove(command);
            }
            return command.getExitStatus();
        }
    }

    private static ExecResult await(SSHClient client, SshTarget target, WatchedSession command, String shown,
                                    ExecOptions options, byte[] stdin)
            throws IOException, HostException, InterruptedException {
        // Like ssh -n: the command sees end of input at once (after a sudo password, if any) instead of waiting on a
        // terminal nobody types into.
        if (stdin != null) {
            command.getOutputStream().write(stdin);
            command.getOutputStream().flush();
        }
        command.getOutputStream().close();
        OutputCapture out = new OutputCapture(false, options.output());
        OutputCapture err = new OutputCapture(true, options.output());
        long deadline = options.timeout().isZero() ? Long.MAX_VALUE : System.nanoTime() + options.timeout().toNanos();
        boolean finished = drainUntilOutputEnds(target, command, out, err, shown, deadline);
        finished = finished && (command.getExitStatus() != null || command.getExitSignal() != null || join(command, deadline));
        if (!finished) {
            terminate(command);
            throw timedOut(target, options, shown);
        }
        Integer status = command.getExitStatus();
        if (status == null) {
            if (!client.isConnected()) {
                throw new IOException("the connection closed before the command ended");
            }
            LOG.warn("{} ended without an exit status{}: {}", target.describe(),
                    command.getExitSignal() == null ? "" : " (signal " + command.getExitSignal() + ")", abbreviate(shown));
        }
        if (out.truncated()) {
            LOG.debug("Kept the first {} characters of stdout of: {}", ExecOptions.MAX_CAPTURED_STDOUT, abbreviate(shown));
        }
        return new ExecResult(status, out.text(), err.tail());
    }

    /**
     * Drains stdout and stderr on this thread, as their bytes arrive, until both have ended; false if the deadline
     * came first. If the command's own process has exited (its exit status or signal arrived) but a process it
     * started in the background (a start command's {@code nohup daemon &}) inherited stdout or stderr and keeps them
     * open, sshd neither sends their end nor closes the channel. As on a local host: a short grace for what is still
     * in flight, then the task ends without that output and the channel is closed. The process itself keeps running
     * (starting it was the point); only a timeout or an abort signals a session.
     */
    private static boolean drainUntilOutputEnds(SshTarget target, WatchedSession command, OutputCapture out,
                                                OutputCapture err, String shown, long deadline)
            throws IOException, InterruptedException {
        byte[] buffer = new byte[8192];
        long readBy = Long.MAX_VALUE;
        while (true) {
            // An abort interrupts the task: noticed here even when output or the end woke the wait before it did.
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            long seen = command.arrivals();
            // Looked at before draining: once over, nothing more can arrive, so what is drained next is the rest.
            boolean over = command.outputOver();
            WatchedSession.drainAvailable(command.getInputStream(), buffer, out);
            WatchedSession.drainAvailable(command.getErrorStream(), buffer, err);
            if (over) {
                out.end();
                err.end();
                return true;
            }
            boolean exited = command.getExitStatus() != null || command.getExitSignal() != null;
            if (exited && readBy == Long.MAX_VALUE) {
                readBy = Math.min(deadline, System.nanoTime() + OUTPUT_GRACE.toNanos());
            }
            long now = System.nanoTime();
            if (exited && now - readBy >= 0) {
                out.detach();
                err.detach();
                SshConnector.closeQuietly(command);
                LOG.info("{}: the command exited but a process it started keeps its output open; stopped reading after {} s "
                        + "(redirect that process's output, e.g. > file 2>&1, to keep it): {}",
                        target.describe(), OUTPUT_GRACE.toSeconds(), abbreviate(shown));
                return true;
            }
            if (deadline != Long.MAX_VALUE && now - deadline >= 0) {
                return false;
            }
            command.awaitArrivalAfter(seen, Math.min(deadline, readBy));
        }
    }

    private static boolean join(Thread reader, long deadline) throws InterruptedException {
        long left = deadline - System.nanoTime();
        if (deadline == Long.MAX_VALUE) {
            reader.join();
            return true;
        }
        if (left > 0) {
            TimeUnit.NANOSECONDS.timedJoin(reader, left);
        }
        return !reader.isAlive();
    }

    /** Waits for the channel to close; the exit status arrives before that. */
    private static boolean join(Session.Command command, long deadline) throws IOException {
        long left = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(1, deadline - System.nanoTime());
        if (left == Long.MAX_VALUE) {
            command.join();
            return true;
        }
        try {
            command.join(left, TimeUnit.NANOSECONDS);
            return true;
        } catch (ConnectionException e) {
            // sshj reports a timed-out wait as an exception, not a return value.
            if (SshFailures.find(e, TimeoutException.class) != null) {
                return false;
            }
            throw e;
        }
    }

    /** Ends one command: TERM, KILL if it is still there after the grace period, then closes its channel. */
    static void terminate(Session.Command command) {
        terminate(List.of(command));
    }

    /** Ends several commands at once, with one grace period for all (an aborted host may run many). */
    static void terminate(Collection<Session.Command> commands) {
        boolean interrupted = Thread.interrupted();
        try {
            commands.forEach(c -> signal(c, Signal.TERM));
            interrupted |= awaitEnd(commands, TERMINATE_GRACE);
            List<Session.Command> left = commands.stream().filter(Session.Command::isOpen).toList();
            left.forEach(c -> signal(c, Signal.KILL));
            // sshd signals the group when it reads the request: closing at once let a deploy that ends right after
            // (a second Ctrl-C) exit before the KILL was delivered. The server's end of the channel confirms it.
            interrupted |= awaitEnd(left, KILL_CONFIRMATION);
            commands.forEach(SshConnector::closeQuietly);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Waits, all of them within one {@code limit}, for commands to end; returns early when they all have. An
     * interrupt (a further Ctrl-C) does not cut the grace period short, or KILL would follow TERM at once: it is
     * returned, for the caller to restore.
     */
    private static boolean awaitEnd(Collection<Session.Command> commands, Duration limit) {
        boolean interrupted = false;
        long deadline = System.nanoTime() + limit.toNanos();
        for (Session.Command c : commands) {
            long left;
            while ((left = deadline - System.nanoTime()) > 0 && c.isOpen()) {
                try {
                    c.join(left, TimeUnit.NANOSECONDS);
                } catch (IOException | RuntimeException e) {
                    if (!SshFailures.interrupted(e)) {
                        break; // timed out, or the connection closed: the caller goes on either way
                    }
                    // sshj set the interrupt again: waiting on needs it clear.
                    Thread.interrupted();
                    interrupted = true;
                }
            }
        }
        return interrupted;
    }

    private static void signal(Session.Command command, Signal signal) {
        try {
            if (command.isOpen()) {
                command.signal(signal);
            }
        } catch (IOException | RuntimeException ignored) {
            // Servers before OpenSSH 7.9 ignore signals; closing the channel still hangs up on the command.
        }
    }

    /** What a command past its timeout fails with (it has been ended on its host by then). */
    private static HostException timedOut(SshTarget target, ExecOptions options, String shown) {
        return new HostException(FailureReason.TIMEOUT, target.name(), "command timed out after "
                + options.timeout().toSeconds() + " s on " + target.describe() + " and was killed: " + abbreviate(shown));
    }

    static String abbreviate(String commandLine) {
        return commandLine.length() <= MAX_LINE_IN_MESSAGE ? commandLine : commandLine.substring(0, MAX_LINE_IN_MESSAGE) + "…";
    }
}
