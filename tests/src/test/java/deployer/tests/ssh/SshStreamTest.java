package deployer.tests.ssh;

import deployer.tests.fixtures.Plans;
import deployer.tests.fixtures.SshPlans;

import deployer.core.testing.CliProcess;
import deployer.core.testing.OpenSshServers;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static deployer.tests.fixtures.Plans.stage;
import static org.assertj.core.api.Assertions.assertThat;

/** The stream command between two real OpenSSH hosts: bytes go through the deployer's process, never to disk. */
@Tag("sshd")
class SshStreamTest {

    private static final int TEN_MB = 10 * 1024 * 1024;

    @RegisterExtension
    static OpenSshServers ssh = OpenSshServers.hosts(2);

    @TempDir
    Path work;

    static Map<String, Object> stream(String fromHost, String from, String toHost, String to) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("command", "stream");
        t.put("from_host", fromHost);
        t.put("from", from);
        t.put("to_host", toHost);
        t.put("to", to);
        return t;
    }

    @Test
    void tenMegabytesArriveWholeWithTheByteCountAndBothExitStatuses() throws Exception {
        Path dir = ssh.writableDir("stream-whole");
        Path source = dir.resolve("source.bin");
        byte[] data = new byte[TEN_MB];
        new Random(12).nextBytes(data);
        Files.write(source, data);
        Path copy = dir.resolve("copy.bin");
        Path journal = work.resolve("run.journal");
        Path plan = SshPlans.tasklist(work.resolve("plan.json"), "Stream", List.of(stage("copy", 1, List.of(
                stream(ssh.host(0).remoteHost(), "cat " + source, ssh.host(1).remoteHost(), "cat > " + copy)))));
        Path config = SshPlans.config(work.resolve("deploy.yaml"), ssh.clientConfigYaml());

        CliProcess.Result r = CliProcess.deploy(work.resolve("cli"), "--config", config.toString(), "--tasklist", plan.toString(),
                "--journal", journal.toString());

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(sha256(copy)).isEqualTo(sha256(source));
        String expected = TEN_MB + " bytes from " + ssh.host(0).remoteHost() + " to " + ssh.host(1).remoteHost()
                + "; from: exit status 0; to: exit status 0";
        assertThat(Files.readString(journal)).contains("\"status\":\"SUCCEEDED\"").contains(expected);
        assertThat(r.stderr()).contains("Streamed " + expected);
    }

    @Test
    void aFailingWriterFailsTheTaskAndTheReaderNeverSeesACleanEndOfInput() throws Exception {
        Path dir = ssh.writableDir("stream-writer-fails");
        Path committed = dir.resolve("committed");
        // The reader "commits" only on a clean end of input, as psql would at the end of a dump.
        Path plan = SshPlans.tasklist(work.resolve("plan.json"), "Stream", List.of(stage("copy", 1, List.of(
                stream(ssh.host(0).remoteHost(), "head -c 100000 /dev/zero; echo 'dump broke' >&2; exit 3",
                        ssh.host(1).remoteHost(), "cat > /dev/null && touch " + committed)))));
        Path config = SshPlans.config(work.resolve("deploy.yaml"), ssh.clientConfigYaml());

        CliProcess.Result r = CliProcess.deploy(work.resolve("cli"), "--config", config.toString(), "--tasklist", plan.toString());

        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.stdout()).as(r.all())
                .contains("FAILED  1.1 stream on local: NON_ZERO_EXIT: stream failed: 100000 bytes from " + ssh.host(0).remoteHost())
                .contains("from: exit status 3; to: ended (the other side ended first)")
                .contains("| from " + ssh.host(0).remoteHost() + ": dump broke");
        assertThat(committed).doesNotExist();
    }

    @Test
    void aFailingReaderFailsTheTaskAndEndsTheWriter() throws Exception {
        // The writer never ends by itself: only the reader's end stops it.
        Path plan = SshPlans.tasklist(work.resolve("plan.json"), "Stream", List.of(stage("copy", 1, List.of(
                stream(ssh.host(0).remoteHost(), "yes", ssh.host(1).remoteHost(),
                        "head -c 1000 > /dev/null; echo 'restore broke' >&2; exit 4")))));
        Path config = SshPlans.config(work.resolve("deploy.yaml"), ssh.clientConfigYaml());

        CliProcess.Result r = CliProcess.deploy(work.resolve("cli"), "--config", config.toString(), "--tasklist", plan.toString());

        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.stdout()).as(r.all())
                .contains("FAILED  1.1 stream on local: NON_ZERO_EXIT: stream failed:")
                .contains("from: ended (the other side ended first); to: exit status 4")
                .contains("| to " + ssh.host(1).remoteHost() + ": restore broke");
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = new byte[65536];
            int n;
            while ((n = in.read(b)) > 0) {
                d.update(b, 0, n);
            }
        } catch (IOException e) {
            throw e;
        }
        return HexFormat.of().formatHex(d.digest());
    }
}
