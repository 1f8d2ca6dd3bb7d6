package deployer.core.internal.host.ssh;

import deployer.core.model.HostAddress;
import deployer.core.spi.ExecOptions;
import deployer.core.spi.HostException;
import deployer.core.testing.EmbeddedSshd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** One connection carries at most the server's MaxSessions channels: the host keeps within ssh.max_sessions. */
@Timeout(60)
class SshSessionLimitTest {

    private static final int COMMANDS = 6;

    @TempDir
    Path dir;

    /** Runs COMMANDS commands at once (plus an SFTP check) and returns what each did: its output or its failure. */
    private List<Object> runAtOnce(EmbeddedSshd sshd, int maxSessions) throws Exception {
        SshSettings settings = new SshSettings(EmbeddedSshd.USER, 22, List.of(sshd.clientKey()),
                sshd.writeKnownHosts(dir.resolve("known_hosts")), StrictHostKeyChecking.YES,
                Duration.ofSeconds(5), Duration.ofSeconds(15), maxSessions, null);
        CountDownLatch ready = new CountDownLatch(COMMANDS + 1);
        ExecutorService threads = Executors.newFixedThreadPool(COMMANDS + 1);
        try (SshHost host = new SshConnector(settings).create(HostAddress.parse(sshd.remoteHost()), null)) {
            host.execute("true", ExecOptions.DEFAULT);
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < COMMANDS; i++) {
                int n = i;
                futures.add(threads.submit(() -> {
                    ready.countDown();
                    ready.await();
                    try {
                        return host.execute("sleep 0.3; echo " + n, ExecOptions.DEFAULT).stdout();
                    } catch (HostException e) {
                        return e;
                    }
                }));
            }
            futures.add(threads.submit(() -> {
                ready.countDown();
                ready.await();
                return host.exists(dir.toString());
            }));
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> f : futures) {
                outcomes.add(f.get());
            }
            return outcomes;
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void commandsBeyondTheSessionBudgetWaitForAFreeSession() throws Exception {
        try (EmbeddedSshd sshd = EmbeddedSshd.start(dir, 3)) {
            List<Object> outcomes = runAtOnce(sshd, 3);

            for (int i = 0; i < COMMANDS; i++) {
                assertThat(outcomes.get(i)).isEqualTo(i + "\n");
            }
            assertThat(outcomes.get(COMMANDS)).as("SFTP kept its own session").isEqualTo(true);
        }
    }
}
