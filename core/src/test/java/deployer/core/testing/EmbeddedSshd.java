package deployer.core.testing;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.shell.ProcessShellCommandFactory;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * An SSH server inside the test JVM (Apache MINA sshd) on 127.0.0.1 and a free port: exec runs real
 * {@code /bin/sh -c} command lines as the JVM's user, SFTP serves the real file system. Only the client key it
 * made is let in, under any user name. It writes what a client needs: the private key file and a known_hosts
 * line. Shared with the other modules' tests through core's test-jar.
 */
public final class EmbeddedSshd implements AutoCloseable {

    public static final String USER = "tester";

    private final SshServer server;
    private final KeyPair hostKey;
    private final Path clientKeyFile;
    private final AtomicInteger connections = new AtomicInteger();
    /** Runs when a client offers its key, before the server answers (a test's hook to hold logins back). */
    private volatile Consumer<Session> beforeKeyCheck = session -> { };

    private EmbeddedSshd(SshServer server, KeyPair hostKey, Path clientKeyFile) {
        this.server = server;
        this.hostKey = hostKey;
        this.clientKeyFile = clientKeyFile;
    }

    /** Starts a server; key files go into {@code dir}. */
    public static EmbeddedSshd start(Path dir) throws IOException, GeneralSecurityException {
        return start(dir, 10);
    }

    /**
     * Starts a server that allows {@code maxChannels} channels (sessions) open at once on one connection,
     * like OpenSSH's MaxSessions (default 10).
     */
    public static EmbeddedSshd start(Path dir, int maxChannels) throws IOException, GeneralSecurityException {
        KeyPair hostKey = newKeyPair();
        KeyPair clientKey = newKeyPair();
        Path clientKeyFile = writePrivateKey(clientKey, dir.resolve("id_ecdsa"));
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        EmbeddedSshd[] self = new EmbeddedSshd[1];
        server.setPublickeyAuthenticator((user, key, session) -> {
            self[0].beforeKeyCheck.accept(session);
            return KeyUtils.compareKeys(key, clientKey.getPublic());
        });
        server.setCommandFactory(new ProcessShellCommandFactory());
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        CoreModuleProperties.MAX_CONCURRENT_CHANNELS.set(server, maxChannels);
        EmbeddedSshd sshd = new EmbeddedSshd(server, hostKey, clientKeyFile);
        self[0] = sshd;
        server.addSessionListener(new SessionListener() {
            @Override
            public void sessionCreated(Session session) {
                sshd.connections.incrementAndGet();
            }
        });
        server.start();
        return sshd;
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return server.getPort();
    }

    /** The tasklist's {@code remote_host} for this server. */
    public String remoteHost() {
        return host() + ":" + port();
    }

    /** The private key the server lets in (OpenSSH format, no passphrase). */
    public Path clientKey() {
        return clientKeyFile;
    }

    public PublicKey hostKey() {
        return hostKey.getPublic();
    }

    /** The host key's fingerprint as OpenSSH prints it ({@code SHA256:…}), computed by MINA. */
    public String hostKeyFingerprint() {
        return KeyUtils.getFingerPrint(hostKey.getPublic());
    }

    /** Writes a known_hosts file that knows this server's key. */
    public Path writeKnownHosts(Path file) throws IOException {
        Files.writeString(file, knownHostsLine(host(), port(), hostKey.getPublic()), StandardCharsets.UTF_8);
        return file;
    }

    /** Also tells this listener about every session (e.g. to see handshakes start and logins finish). */
    public void addSessionListener(SessionListener listener) {
        server.addSessionListener(listener);
    }

    /**
     * Runs {@code hook} each time a client offers its key (once or twice per login: the offer, then the signature),
     * on the session's own thread: a hook that blocks holds that login mid-handshake.
     */
    public void beforeKeyCheck(Consumer<Session> hook) {
        this.beforeKeyCheck = hook;
    }

    /** TCP connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    public static String knownHostsLine(String host, int port, PublicKey key) {
        return (port == 22 ? host : "[" + host + "]:" + port) + " " + PublicKeyEntry.toString(key) + "\n";
    }

    public static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    public static Path writePrivateKey(KeyPair key, Path file) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "test key", null, out);
        }
        return file;
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
