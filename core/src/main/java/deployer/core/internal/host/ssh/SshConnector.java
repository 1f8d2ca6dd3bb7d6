package deployer.core.internal.host.ssh;

import deployer.core.internal.host.HostPool;
import deployer.core.model.HostAddress;
import deployer.core.spi.FailureReason;
import deployer.core.spi.HostException;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Makes the run's {@link SshHost}s and opens their connections. What all hosts share lives here, built once:
 * sshj's {@link DefaultConfig} ({@link SshClientConfig}, built in the background), the known_hosts files, the keys,
 * the connections to jump hosts and the queue of handshakes ({@link ConnectGate}).
 */
public final class SshConnector implements HostPool.RemoteConnector {

    private final SshSettings settings;
    private final SshCredentials credentials;
    private final EndpointResolver resolver;
    private final Map<Path, KnownHosts> knownHosts = new ConcurrentHashMap<>();
    private final Identities identities;
    private final Bastions bastions = new Bastions(this);
    /** Cuts connects that hang; its one daemon thread ends when idle, so a connector needs no closing. */
    private final ScheduledThreadPoolExecutor watchdog;
    private final ConnectGate gate;

    /** Settings given in full: no ssh_config, no agent, no passphrases, no sudo password. */
    public SshConnector(SshSettings settings) {
        this(settings, OpenSshConfig.NONE, SshCredentials.NONE);
    }

    public SshConnector(SshSettings settings, OpenSshConfig sshClientConfig, SshCredentials credentials) {
        this.settings = settings;
        this.gate = new ConnectGate(settings.maxParallelConnects());
        this.credentials = credentials;
        this.resolver = new EndpointResolver(settings, sshClientConfig);
        this.identities = new Identities(credentials.passphrases(),
                credentials.agentSocket() == null ? null : new SshAgent(credentials.agentSocket()));
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

    SshCredentials credentials() {
        return credentials;
    }

    /**
     * The run has SSH hosts: starts building sshj's configuration in the background (0.3–1 s of class loading and
     * algorithm tables), so that it is ready by the time the first connect needs it.
     */
    @Override
    public void prepare() {
        SshClientConfig.prepare();
    }

    /** A host object; nothing connects until its first use. */
    @Override
    public SshHost create(HostAddress address, String user) {
        prepare();
        Endpoint endpoint = resolver.target(address, user);
        if (endpoint.via() != null) {
            bastions.register(endpoint.via());
        }
        return new SshHost(endpoint, this);
    }

    /** The host no longer needs its jump hosts. */
    void released(Endpoint endpoint) {
        if (endpoint.via() != null) {
            bastions.release(endpoint.via());
        }
    }

    /**
     * Connects (directly or through the endpoint's jump host), checks the host key and logs in.
     *
     * @param register receives the client before connecting, so closing the host can cut a connect short
     */
    SSHClient connect(Endpoint endpoint, java.util.function.Consumer<SSHClient> register) throws HostException {
        SshTarget target = endpoint.target();
        SSHClient jump = null;
        if (endpoint.via() != null) {
            try {
                jump = bastions.client(endpoint.via());
            } catch (HostException e) {
                throw new HostException(e.reason(), target.name(), "cannot connect to " + endpoint.describe()
                        + ": the jump host failed: " + e.getMessage(), e);
            }
        }
        SSHClient client = new SSHClient(SshClientConfig.get());
        register.accept(client);
        KnownHosts known = knownHosts.computeIfAbsent(endpoint.knownHosts(), KnownHosts::new);
        HostKeyCheck hostKeys = new HostKeyCheck(known, target, endpoint.strictHostKeyChecking());
        client.addHostKeyVerifier(hostKeys);
        client.setConnectTimeout((int) endpoint.connectTimeout().toMillis());
        // Off in sshj (a thread per connection); Keepalives sends them once the connection is up.
        client.getConnection().getKeepAlive().setKeepAliveInterval(0);
        // Handshake and login wait their turn here (the jump host, above, took its own); the timeout starts after.
        ConnectGate.Turn turn = gate.enter(target);
        // ssh.connect_timeout covers the TCP connect, the banner and the key exchange, as OpenSSH's ConnectTimeout
        // does: a host that accepts the connection and then says nothing would otherwise block sshj for ever.
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> deadline = watchdog.schedule(() -> {
            timedOut.set(true);
            closeQuietly(client);
        }, endpoint.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        try {
            try {
                if (jump == null) {
                    client.connect(target.hostname(), target.port());
                } else {
                    client.connectVia(openThrough(jump, endpoint));
                }
            } finally {
                deadline.cancel(false);
            }
            if (client.getSocket() != null) {
                // As OpenSSH does: without TCP_NODELAY, Nagle's algorithm holds each command's second small packet
                // until the server's delayed ACK (~40 ms on Linux), which made every command on an open connection
                // take ~45 ms instead of ~5 (see BENCHMARKS.md). sshj leaves the socket at the JDK default.
                client.getSocket().setTcpNoDelay(true);
            }
            Identities.Selection keys = identities.select(endpoint.identityFiles(), endpoint.identitiesOnly(), SshClientConfig.get());
            if (keys.methods().isEmpty()) {
                throw new HostException(FailureReason.AUTHENTICATION, target.name(), "cannot log in to " + endpoint.describe()
                        + ": no usable key (" + (keys.skipped().isEmpty() ? "looked at " + (endpoint.identityFiles().isEmpty()
                        ? "~/.ssh/id_ed25519, id_ecdsa, id_rsa" : endpoint.identityFiles()) : String.join("; ", keys.skipped()))
                        + "); set ssh.identity_files, IdentityFile in ssh_config, or load a key into ssh-agent");
            }
            try {
                client.auth(target.user(), keys.methods());
            } catch (net.schmizz.sshj.userauth.UserAuthException e) {
                if (!keys.skipped().isEmpty()) {
                    throw new HostException(FailureReason.AUTHENTICATION, target.name(), "cannot connect to "
                            + endpoint.describe() + ": the server refused every key offered for user '" + target.user()
                            + "'; not offered: " + String.join("; ", keys.skipped()), e);
                }
                throw e;
            }
            Keepalives.start(client, endpoint.keepaliveInterval(), endpoint.describe());
            return client;
        } catch (IOException | RuntimeException e) {
            closeQuietly(client);
            if (timedOut.get()) {
                throw SshFailures.connectTimeout(target, e, endpoint.connectTimeout());
            }
            throw SshFailures.connecting(endpoint, e, hostKeys);
        } catch (HostException e) {
            closeQuietly(client);
            throw e;
        } finally {
            turn.close();
        }
    }

    /** A direct-tcpip channel from the jump host to the target; a refusal says which jump host refused. */
    private static net.schmizz.sshj.connection.channel.direct.DirectConnection openThrough(SSHClient jump, Endpoint endpoint)
            throws IOException {
        try {
            return jump.newDirectConnection(endpoint.target().hostname(), endpoint.target().port());
        } catch (net.schmizz.sshj.connection.channel.OpenFailException e) {
            Endpoint via = endpoint.via();
            throw new java.net.ConnectException("jump host " + via.target().user() + "@" + via.target().hostname() + ":"
                    + via.target().port() + " could not open a connection to " + endpoint.target().hostname() + ":"
                    + endpoint.target().port() + " (" + e.getReason() + ": " + e.getMessage()
                    + "; is the target down, or is forwarding not allowed there (AllowTcpForwarding, PermitOpen)?)");
        }
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
