package deployer.core.internal.host.ssh;

import deployer.core.spi.ExecOptions;
import deployer.core.spi.ExecResult;
import deployer.core.spi.FailureReason;
import deployer.core.spi.HostException;
import deployer.core.spi.RemoteHost;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.SSHException;
import net.schmizz.sshj.connection.channel.direct.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * One SSH host of a run, shared by every task there. The connection opens on first use and stays open for the
 * run; each command gets its own session on it, so concurrent tasks multiplex over one TCP connection. Commands
 * beyond what the server allows at once (its MaxSessions, one session kept for SFTP) wait for a free session
 * instead of being refused.
 */
public final class SshHost implements RemoteHost {

    private static final Logger LOG = LoggerFactory.getLogger(SshHost.class);

    private final Endpoint endpoint;
    private final SshTarget target;
    private final SshConnector connector;
    private final Semaphore sessions;
    private final SftpChannel sftp;
    private final Object connectLock = new Object();
    /** Set before connecting, so {@link #close()} can cut a connect short. */
    private volatile SSHClient client;
    /** A failed connect is not retried: the run stops starting tasks after a failure anyway. Guarded by connectLock. */
    private HostException connectFailure;
    private volatile boolean closed;
    /** Commands under way, so that an abort can end them before it hangs up (a signal needs the connection). */
    private final Set<Session.Command> running = ConcurrentHashMap.newKeySet();

    SshHost(Endpoint endpoint, SshConnector connector) {
        this.endpoint = endpoint;
        this.target = endpoint.target();
        this.connector = connector;
        this.sessions = new Semaphore(connector.settings().maxSessions() - 1, true);
        this.sftp = new SftpChannel(this);
    }

    @Override
    public String name() {
        return target.name();
    }

    public SshTarget target() {
        return target;
    }

    @Override
    public ExecResult execute(String commandLine, ExecOptions options) throws HostException, InterruptedException {
        // sudo never waits at a prompt (see SudoLine). The whole line runs under one shell.
        SudoLine sudo = options.sudo() ? SudoLine.of(commandLine, options, connector.credentials().sudoPassword()) : null;
        SSHClient c = client();
        sessions.acquire();
        try {
            if (sudo == null) {
                return RemoteCommand.run(c, target, commandLine, commandLine, options, running);
            }
            ExecOptions shown = options.withOutput(SudoLine.withoutPrompt(options.output()));
            return sudo.check(RemoteCommand.run(c, target, sudo.remoteLine(), commandLine, shown, running, sudo.stdin()), target, commandLine);
        } catch (IOException e) {
            throw failure(e, "running '" + RemoteCommand.abbreviate(commandLine) + "'");
        } finally {
            sessions.release();
        }
    }

    @Override
    public ExecResult execute(String commandLine, ExecOptions options, java.io.InputStream stdin, java.io.OutputStream stdout)
            throws HostException, InterruptedException {
        if (options.sudo()) {
            // sudo's password would travel on the same stdin as the stream.
            throw new HostException(FailureReason.COMMAND_ERROR, name(), "a streamed command cannot run through sudo: " + commandLine);
        }
        SSHClient c = client();
        sessions.acquire();
        try {
            return RemoteCommand.stream(c, target, commandLine, options, running, stdin, stdout);
        } catch (IOException e) {
            throw failure(e, "running '" + RemoteCommand.abbreviate(commandLine) + "'");
        } finally {
            sessions.release();
        }
    }

    /** Tells a remote pseudo-terminal its new size. */
    @FunctionalInterface
    public interface Resize {
        void to(int columns, int rows) throws IOException;
    }

    /**
     * Runs a command on a pseudo-terminal of the given type and size whose input and output are the given raw streams
     * (the operator's terminal, in raw mode: `deploy run --tty`). Returns the exit status, null if the host gave none.
     *
     * @param resize receives the way to tell the remote terminal a new size (columns, rows)
     */
    public Integer runOnTerminal(String commandLine, String term, int columns, int rows, java.io.InputStream keys,
                                 java.io.OutputStream screen, java.util.function.Consumer<Resize> resize)
            throws HostException, InterruptedException {
        SSHClient c = client();
        sessions.acquire();
        try {
            return RemoteCommand.onTerminal(c, target, commandLine, term, columns, rows, keys, screen, running, resize);
        } catch (IOException e) {
            throw failure(e, "running '" + RemoteCommand.abbreviate(commandLine) + "' on a terminal");
        } finally {
            sessions.release();
        }
    }

    @Override
    public void put(Path localFile, String remotePath) throws HostException, InterruptedException {
        if (!Files.isRegularFile(localFile)) {
            throw new HostException(FailureReason.COMMAND_ERROR, name(), "cannot upload " + localFile + " to "
                    + target.describe() + ":" + remotePath + ": no such local file");
        }
        sftp.put(localFile, remotePath);
    }

    @Override
    public void get(String remotePath, Path localFile) throws HostException, InterruptedException {
        sftp.get(remotePath, localFile);
    }

    @Override
    public boolean exists(String remotePath) throws HostException, InterruptedException {
        return sftp.exists(remotePath);
    }

    /** The open connection, connecting first if there is none (or it was lost). */
    SSHClient client() throws HostException {
        synchronized (connectLock) {
            if (closed) {
                throw closedWhile("connecting");
            }
            SSHClient c = client;
            if (c != null && c.isConnected() && c.isAuthenticated()) {
                return c;
            }
            if (connectFailure != null) {
                throw new HostException(connectFailure.reason(), name(), connectFailure.getMessage()
                        + " (failed earlier in this run; not retried)", connectFailure);
            }
            if (c != null) {
                LOG.warn("The connection to {} was lost; reconnecting", target.describe());
                SshConnector.closeQuietly(c);
            }
            long started = System.nanoTime();
            try {
                c = connector.connect(endpoint, fresh -> client = fresh);
            } catch (HostException e) {
                client = null;
                if (closed) {
                    throw closedWhile("connecting");
                }
                connectFailure = e;
                throw e;
            }
            if (closed) {
                SshConnector.closeQuietly(c);
                throw closedWhile("connecting");
            }
            LOG.info("Connected to {} in {} ms", endpoint.describe(), (System.nanoTime() - started) / 1_000_000);
            return c;
        }
    }

    /** Classifies a failure of an open connection; an abort that closed it is an interruption, not a network fault. */
    HostException failure(IOException e, String doing) throws InterruptedException {
        if (closed) {
            return closedWhile(doing);
        }
        if (SshFailures.interrupted(e)) {
            throw new InterruptedException("interrupted while " + doing + " on " + target.describe());
        }
        return SshFailures.using(target, e, doing);
    }

    /** Whether an exception came from the SSH connection rather than from local files. */
    static boolean fromConnection(IOException e) {
        return e instanceof SSHException || SshFailures.find(e, java.net.SocketException.class) != null;
    }

    private HostException closedWhile(String doing) {
        return new HostException(FailureReason.INTERRUPTED, name(),
                "the connection to " + target.describe() + " was closed (the run was aborted) while " + doing);
    }

    /**
     * Ends the commands still running (TERM, then KILL after a grace period: closing the connection alone would
     * leave a command that never writes running on the host), then closes the connection; the tasks of those
     * commands fail as interrupted. Safe to call from any thread, twice.
     */
    @Override
    public void close() {
        boolean first;
        synchronized (this) {
            first = !closed;
            closed = true;
        }
        List<Session.Command> underWay = List.copyOf(running);
        if (!underWay.isEmpty()) {
            LOG.info("Ending {} command{} still running on {}", underWay.size(), underWay.size() == 1 ? "" : "s", target.describe());
            RemoteCommand.terminate(underWay);
        }
        SshConnector.closeQuietly(client);
        if (first) {
            connector.released(endpoint);
        }
    }

    @Override
    public String toString() {
        return "SshHost[" + target.describe() + "]";
    }
}
