package deployer.core.host.ssh;

import deployer.core.host.OutputCapture;
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
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;

/**
 * Runs one command line in its own session on an open connection: stdout and stderr are drained at the same
 * time by two threads before waiting for the exit status (sshj's window fills at about 2 MB and a chatty
 * command would hang otherwise); past the timeout the command is signalled and its channel closed.
 */
final class RemoteCommand {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteCommand.class);
    private static final int MAX_LINE_IN_MESSAGE = 200;

    private RemoteCommand() {
    }

    /**
     * @throws IOException   the connection failed (the caller classifies it)
     * @throws HostException TIMEOUT
     */
    static ExecResult run(SSHClient client, SshTarget target, String commandLine, String shown, ExecOptions options)
            throws IOException, HostException, InterruptedException {
        return run(client, target, commandLine, shown, options, null);
    }

    /** @param stdin what the command reads before end of input (a sudo password), or null for nothing */
    static ExecResult run(SSHClient client, SshTarget target, String commandLine, String shown, ExecOptions options,
                          byte[] stdin) throws IOException, HostException, InterruptedException {
        try (Session session = client.startSession()) {
            if (options.pty()) {
                session.allocateDefaultPTY();
            }
            Session.Command command = session.exec(commandLine);
            // Like ssh -n: the command sees end of input at once instead of waiting on a terminal nobody types into.
            if (stdin != null) {
                command.getOutputStream().write(stdin);
                command.getOutputStream().flush();
            }
            command.getOutputStream().close();
            OutputCapture out = new OutputCapture(false, options.output());
            OutputCapture err = new OutputCapture(true, options.output());
            Thread outReader = out.drainInBackground(command.getInputStream(), target.name());
            Thread errReader = err.drainInBackground(command.getErrorStream(), target.name());
            long deadline = options.timeout().isZero() ? Long.MAX_VALUE : System.nanoTime() + options.timeout().toNanos();
            try {
                boolean finished = join(outReader, deadline) && join(errReader, deadline) && join(command, deadline);
                if (!finished) {
                    kill(command);
                    throw new HostException(FailureReason.TIMEOUT, target.name(), "command timed out after "
                            + options.timeout().toSeconds() + " s on " + target.describe() + " and was killed: " + abbreviate(shown));
                }
            } catch (InterruptedException e) {
                kill(command);
                throw e;
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

    private static void kill(Session.Command command) {
        try {
            command.signal(Signal.KILL);
        } catch (IOException | RuntimeException ignored) {
            // Older servers ignore signals; closing the channel below still hangs up on the command.
        }
        SshConnector.closeQuietly(command);
    }

    static String abbreviate(String commandLine) {
        return commandLine.length() <= MAX_LINE_IN_MESSAGE ? commandLine : commandLine.substring(0, MAX_LINE_IN_MESSAGE) + "…";
    }
}
