package deployer.core.internal.host.ssh;

import deployer.core.testing.OpenSshServers;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.transport.LeanReader;
import net.schmizz.sshj.transport.TransportImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * sshj's transport reader with the small receive buffer ({@link SshjReceiveBuffer}) on connections to a real
 * OpenSSH server: it is the one running, and transfers of several MB, far larger than its buffer, arrive whole.
 */
@Timeout(60)
class SshjReceiveBufferTest {

    @RegisterExtension
    static OpenSshServers ssh = OpenSshServers.hosts(1);

    @TempDir
    Path work;
    SshHost host;

    @BeforeEach
    void connect() {
        host = ssh.sshHost(0, ssh.knownHosts());
    }

    @AfterEach
    void close() {
        host.close();
    }

    /** The connection's transport reader thread, from sshj's private field. */
    private static Thread readerOf(SSHClient client) throws ReflectiveOperationException {
        Field reader = TransportImpl.class.getDeclaredField("reader");
        reader.setAccessible(true);
        return (Thread) reader.get(client.getTransport());
    }

    @Test
    void theConnectionsReaderIsTheSmallBufferOneUnderSshjsName() throws Exception {
        Thread reader = readerOf(host.client());

        // Defined from our jar (or classes directory), not loaded from sshj's.
        assertThat(reader.getClass().getProtectionDomain().getCodeSource().getLocation())
                .isEqualTo(LeanReader.class.getProtectionDomain().getCodeSource().getLocation())
                .isNotEqualTo(SSHClient.class.getProtectionDomain().getCodeSource().getLocation());
        assertThat(reader.getClass().getName()).isEqualTo("net.schmizz.sshj.transport.Reader");
        // Named, and a daemon, as sshj names its own: sshj-Reader-<remote address>-<start time>.
        assertThat(reader.getName()).startsWith("sshj-Reader-").contains(":" + ssh.host(0).port());
        assertThat(reader.isDaemon()).isTrue();
        assertThat(reader.isAlive()).isTrue();
        assertThat(SshjReceiveBuffer.install()).isTrue();
    }

    @Test
    void severalMegabytesOfOutputArriveWhole() throws Exception {
        StringBuilder expected = new StringBuilder();
        for (int i = 1; i <= 700_000; i++) {
            expected.append(i).append('\n');
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Session session = host.client().startSession()) {
            Session.Command command = session.exec("seq 1 700000");
            command.getInputStream().transferTo(out);
            command.join(30, TimeUnit.SECONDS);
            assertThat(command.getExitStatus()).isZero();
        }

        assertThat(out.size()).isEqualTo(expected.length()).isGreaterThan(4_000_000);
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo(expected.toString());
    }

    @Test
    void aMultiMegabyteFileGoesUpAndComesBackUnchanged() throws Exception {
        byte[] content = new byte[6 * 1024 * 1024 + 123];
        new Random(9).nextBytes(content);
        Path local = Files.write(work.resolve("up.bin"), content);
        String remote = ssh.writableDir("receive-buffer") + "/up.bin";

        host.put(local, remote);
        Path back = work.resolve("back.bin");
        host.get(remote, back);

        assertThat(Files.readAllBytes(back)).isEqualTo(content);
    }

    @Test
    void sshjKeepsItsOwnReaderWhenTheSmallOneCannotBeDefined() {
        SshjReceiveBuffer.install();

        // Another sshj release: its Reader may differ from the copy; sshj's own is kept, nothing is defined.
        assertThat(SshjReceiveBuffer.install("0.41.0")).isFalse();
        assertThat(SshjReceiveBuffer.install(null)).isFalse();
        // The name is taken already (by ours here; by sshj's own when an SSHClient was made first): no exception.
        assertThat(SshjReceiveBuffer.install(SshjReceiveBuffer.SSHJ_VERSION)).isFalse();
    }
}
