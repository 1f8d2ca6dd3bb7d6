import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelListener;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.shell.ProcessShellCommandFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The SSH server the self-contained release's AOT training connects to (self-contained.sh), so that the cache holds
 * an SSH connection's classes (sshj's transport, the key exchange, host key and user key checks, a session, its
 * output) without the build machine needing an sshd. Apache MINA sshd, started by the build's JDK as a source-file
 * program with a classpath of its own: none of it reaches the release's lib/ or the training JVM's classpath (a
 * different classpath would make the JVM refuse the cache).
 *
 * <p>{@code TrainingSshd DIR}: on 127.0.0.1 and a free port, with a throwaway ed25519 host key and client key (the
 * key type of OpenSSH's default host key and of {@code ssh-keygen}'s), it lets in only that client key and runs each
 * command with {@code sh -c}. It writes into DIR what the training's deploy needs (the client's private key,
 * known_hosts, an empty ssh_config, deploy.yaml and plan.json, one {@code echo} task), then the file {@code ready}.
 * Like OpenSSH it tells the client its host keys ({@code hostkeys-00@openssh.com}) and the key's {@code .pub} file
 * lies beside it, as ssh-keygen leaves it: what a deploy to OpenSSH goes through and the cache should hold
 * (SelfContainedReleaseSshTest names what it lacks). It stops when killed, or after ten minutes at the latest.
 */
public final class TrainingSshd {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        KeyPair hostKey = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        KeyPair clientKey = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        Path key = dir.resolve("id_ed25519");
        try (OutputStream out = Files.newOutputStream(key)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(clientKey, "deployer aot training", null, out);
        }
        Files.writeString(dir.resolve("id_ed25519.pub"), PublicKeyEntry.toString(clientKey.getPublic()) + " deployer aot training\n");

        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPublickeyAuthenticator((user, offered, session) -> KeyUtils.compareKeys(offered, clientKey.getPublic()));
        server.setCommandFactory(new ProcessShellCommandFactory());
        server.addChannelListener(new HostKeysAnnouncement(hostKey.getPublic()));
        server.start();
        int port = server.getPort();

        Path knownHosts = Files.writeString(dir.resolve("known_hosts"),
                "[127.0.0.1]:" + port + " " + PublicKeyEntry.toString(hostKey.getPublic()) + "\n");
        Path sshConfig = Files.writeString(dir.resolve("ssh_config"), "");
        Files.writeString(dir.resolve("deploy.yaml"), "platform: test\n"
                + "user: trainer\n"
                + "ssh:\n"
                + "  identity_files: [" + key + "]\n"
                + "  known_hosts: " + knownHosts + "\n"
                + "  strict_host_key_checking: yes\n"
                + "  config_file: " + sshConfig + "\n");
        Files.writeString(dir.resolve("plan.json"), "{\n"
                + "  \"name\": \"AOT training over SSH\",\n"
                + "  \"stages\": [ { \"name\": \"Reach\", \"concurrency\": 1, \"concurrency_per_host\": 1, \"tasks\": [\n"
                + "    { \"command\": \"execute_command\", \"remote_host\": \"127.0.0.1:" + port + "\", \"shell\": \"echo trained\" }\n"
                + "  ] } ]\n"
                + "}\n");
        Path ready = dir.resolve("ready");
        Files.move(Files.writeString(dir.resolve("ready.tmp"), port + "\n"), ready, StandardCopyOption.ATOMIC_MOVE);

        TimeUnit.MINUTES.sleep(10);
        server.stop(true);
    }

    /**
     * OpenSSH's {@code hostkeys-00@openssh.com} global request (no reply wanted), sent once per session when its first
     * channel opens: after the login, as OpenSSH sends it.
     */
    private static final class HostKeysAnnouncement implements ChannelListener {
        private final PublicKey hostKey;
        private final Set<Session> told = ConcurrentHashMap.newKeySet();

        HostKeysAnnouncement(PublicKey hostKey) {
            this.hostKey = hostKey;
        }

        @Override
        public void channelOpenSuccess(Channel channel) {
            Session session = channel.getSession();
            if (!told.add(session)) {
                return;
            }
            Buffer request = session.createBuffer(SshConstants.SSH_MSG_GLOBAL_REQUEST);
            request.putString("hostkeys-00@openssh.com");
            request.putBoolean(false);
            request.putPublicKey(hostKey);
            try {
                session.writePacket(request);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
