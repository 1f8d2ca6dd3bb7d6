package deployer.core.internal.host.ssh;

import deployer.core.spi.FailureReason;
import deployer.core.spi.HostException;
import net.schmizz.sshj.connection.channel.OpenFailException;
import net.schmizz.sshj.userauth.UserAuthException;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;

/**
 * Tells SSH failures apart, as Maven Resolver's {@code Transporter.classify} does: a refused key is not a dead
 * network, and neither is a command that exited 1. Every message names the host and what was being done.
 */
final class SshFailures {

    private SshFailures() {
    }

    /** A failure while connecting and logging in. */
    static HostException connecting(Endpoint endpoint, Throwable e, HostKeyCheck hostKeys) {
        SshTarget target = endpoint.target();
        Duration connectTimeout = endpoint.connectTimeout();
        String to = "cannot connect to " + endpoint.describe() + ": ";
        Optional<KnownHosts.Verdict.Refused> refusal = hostKeys.refusal();
        if (refusal.isPresent()) {
            return new HostException(refusal.get().reason(), target.name(), refusal.get().message(), e);
        }
        if (find(e, UserAuthException.class) != null) {
            return new HostException(FailureReason.AUTHENTICATION, target.name(),
                    to + "the server refused every key offered for user '" + target.user() + "'", e);
        }
        if (find(e, UnknownHostException.class) != null) {
            return new HostException(FailureReason.UNREACHABLE, target.name(), to + "unknown host name '" + target.hostname() + "'", e);
        }
        if (find(e, NoRouteToHostException.class) != null) {
            return new HostException(FailureReason.UNREACHABLE, target.name(), to + "no route to host", e);
        }
        ConnectException refused = find(e, ConnectException.class);
        if (refused != null && refused.getMessage() != null && refused.getMessage().startsWith("jump host ")) {
            return new HostException(FailureReason.UNREACHABLE, target.name(), to + refused.getMessage(), e);
        }
        if (refused != null) {
            return new HostException(FailureReason.UNREACHABLE, target.name(), to + "connection refused", e);
        }
        if (find(e, SocketTimeoutException.class) != null) {
            return connectTimeout(target, e, connectTimeout);
        }
        return new HostException(FailureReason.UNREACHABLE, target.name(), to + describe(e), e);
    }

    static HostException connectTimeout(SshTarget target, Throwable e, Duration connectTimeout) {
        return new HostException(FailureReason.TIMEOUT, target.name(), "cannot connect to " + target.describe()
                + ": no answer within " + connectTimeout.toSeconds() + " s (ssh.connect_timeout)", e);
    }

    /** A failure of an established connection while doing something ({@code "running 'ls'"}, {@code "uploading x"}). */
    static HostException using(SshTarget target, Throwable e, String doing) {
        OpenFailException refused = find(e, OpenFailException.class);
        if (refused != null) {
            // The server would not open another channel: usually more sessions at once than its MaxSessions.
            return new HostException(FailureReason.COMMAND_ERROR, target.name(), target.describe() + " refused a new "
                    + refused.getChannelType() + " channel while " + doing + " (" + refused.getReason()
                    + "; is ssh.max_sessions above the server's MaxSessions?)", e);
        }
        return new HostException(FailureReason.UNREACHABLE, target.name(),
                "connection to " + target.describe() + " lost while " + doing + ": " + describe(e), e);
    }

    static boolean interrupted(Throwable e) {
        return find(e, InterruptedException.class) != null;
    }

    static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return root == e || e.getMessage() == null || e.getMessage().equals(message) ? message : e.getMessage() + " (" + message + ")";
    }
}
