package deployer.core.host.ssh;

import deployer.core.host.HostPool;
import deployer.core.model.HostAddress;
import deployer.core.spi.FailureReason;
import deployer.core.spi.HostException;
import net.schmizz.keepalive.KeepAlive;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.keepalive.KeepAliveRunner;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Makes the run's {@link SshHost}s and opens their connections. What all hosts share lives here, built once:
 * sshj's {@link DefaultConfig} (costly: algorithm tables), the known_hosts file and the identity keys.
 */
public final class SshConnector implements HostPool.RemoteConnector {

    /** Unanswered keepalives before a connection counts as dead, as OpenSSH's ServerAliveCountMax. */
    private static final int KEEPALIVE_COUNT_MAX = 3;

    private final SshSettings settings;
    private final KnownHosts knownHosts;
    private final Identities identities;
    /** Cuts connects that hang; its one daemon thread ends when idle, so a connector needs no closing. */
    private final ScheduledThreadPoolExecutor watchdog;
    private DefaultConfig sshConfig;

    public SshConnector(SshSettings settings) {
        this.settings = settings;
        this.knownHosts = new KnownHosts(settings.knownHosts(), settings.strictHostKeyChecking());
        this.identities = new Identities(settings.identityFiles());
        this.watchdog = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "ssh-connect-timeout");
            t.setDaemon(true);
            return t;
        });
        watchdog.setKeepAliveTime(1, TimeUnit.SECONDS);
        watchdog.allowCoreThreadTimeOut(true);
        watchdog.setRemoveOnCancelPolicy(true);
    }

    public SshSettings settings() {
        return settings;
    }

    /** A host object; nothing connects until its first use. */
    @Override
    public SshHost create(HostAddress address, String user) {
        SshTarget target = new SshTarget(address.key(), settings.qualify(address.hostname()),
                address.explicitPort().orElse(settings.defaultPort()), user == null ? settings.defaultUser() : user);
        return new SshHost(target, this);
    }

    /**
     * Connects, checks the host key and logs in.
     *
     * @param register receives the client before connecting, so closing the host can cut a connect short
     */
    SSHClient connect(SshTarget target, java.util.function.Consumer<SSHClient> register) throws HostException {
        SSHClient client = new SSHClient(sshConfig());
        register.accept(client);
        HostKeyCheck hostKeys = new HostKeyCheck(knownHosts, target);
        client.addHostKeyVerifier(hostKeys);
        client.setConnectTimeout((int) settings.connectTimeout().toMillis());
        KeepAlive keepAlive = client.getConnection().getKeepAlive();
        keepAlive.setKeepAliveInterval((int) settings.keepaliveInterval().toSeconds());
        if (keepAlive instanceof KeepAliveRunner runner) {
            runner.setMaxAliveCount(KEEPALIVE_COUNT_MAX);
        }
        // ssh.connect_timeout covers the TCP connect, the banner and the key exchange, as OpenSSH's ConnectTimeout
        // does: a host that accepts the connection and then says nothing would otherwise block sshj for ever.
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> deadline = watchdog.schedule(() -> {
            timedOut.set(true);
            closeQuietly(client);
        }, settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        try {
            try {
                client.connect(target.hostname(), target.port());
            } finally {
                deadline.cancel(false);
            }
            // As OpenSSH does: without TCP_NODELAY, Nagle's algorithm holds each command's second small packet
            // until the server's delayed ACK (~40 ms on Linux), which made every command on an open connection
            // take ~45 ms instead of ~5 (see BENCHMARKS.md). sshj leaves the socket at the JDK default.
            client.getSocket().setTcpNoDelay(true);
            List<KeyProvider> keys = identities.load(sshConfig());
            if (keys.isEmpty()) {
                throw new HostException(FailureReason.AUTHENTICATION, target.name(), "cannot log in to " + target.describe()
                        + ": no usable identity file (looked at " + (identities.files().isEmpty()
                        ? "~/.ssh/id_ed25519, id_ecdsa, id_rsa" : identities.files()) + "); set ssh.identity_files");
            }
            client.authPublickey(target.user(), keys);
            return client;
        } catch (IOException | RuntimeException e) {
            closeQuietly(client);
            if (timedOut.get()) {
                throw SshFailures.connectTimeout(target, e, settings.connectTimeout());
            }
            throw SshFailures.connecting(target, e, hostKeys, settings.connectTimeout());
        } catch (HostException e) {
            closeQuietly(client);
            throw e;
        }
    }

    private synchronized DefaultConfig sshConfig() {
        if (sshConfig == null) {
            sshConfig = new DefaultConfig();
            // KEEP_ALIVE (keepalive@openssh.com requests) notices a dead server; the default heartbeat only sends.
            sshConfig.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
        }
        return sshConfig;
    }

    static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // Closing is best effort: the connection may already be gone.
        }
    }
}
