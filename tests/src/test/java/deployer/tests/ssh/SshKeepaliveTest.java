package deployer.tests.ssh;

import deployer.core.internal.host.ssh.SshConnector;
import deployer.core.internal.host.ssh.SshHost;
import deployer.core.internal.host.ssh.SshSettings;
import deployer.core.internal.host.ssh.StrictHostKeyChecking;
import deployer.core.model.HostAddress;
import deployer.core.spi.ExecOptions;
import deployer.core.spi.HostException;
import deployer.core.testing.OpenSshServers;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Keepalives come from one shared scheduler, not from a thread per connection: a server that stops answering
 * (its connection's processes frozen, the TCP connection still open) is still noticed after ServerAliveCountMax
 * (3) unanswered keepalives, and the command on it fails instead of waiting for ever.
 */
@Tag("sshd")
@Timeout(90)
class SshKeepaliveTest {

    @RegisterExtension
    static OpenSshServers ssh = OpenSshServers.hosts(1).addressesPerServer(1);

    @Test
    void aServerThatStopsAnsweringIsDroppedAfterThreeUnansweredKeepalives() throws Exception {
        Path started = ssh.writableDir("keepalive").resolve("started");
        SshSettings settings = new SshSettings(ssh.user(), 22, List.of(ssh.clientKey()), ssh.knownHosts(),
                StrictHostKeyChecking.YES, Duration.ofSeconds(10), Duration.ofSeconds(1), 10, null);
        try (SshHost host = new SshConnector(settings).create(HostAddress.parse(ssh.host(0).remoteHost()), null)) {
            CompletableFuture<Object> command = CompletableFuture.supplyAsync(() -> {
                try {
                    return host.execute("touch " + started + "; sleep 120", ExecOptions.DEFAULT);
                } catch (HostException | InterruptedException e) {
                    return e;
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(started) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(started).as("the command started").exists();
            assertThat(Thread.getAllStackTraces().keySet()).as("threads")
                    .noneMatch(t -> t.getName().contains("KeepAlive"));

            List<String> freeze = new ArrayList<>(List.of("kill", "-STOP"));
            ssh.server(0).descendants().forEach(p -> freeze.add(Long.toString(p.pid())));
            assertThat(freeze).hasSizeGreaterThan(2);
            assertThat(new ProcessBuilder(freeze).inheritIO().start().waitFor()).isZero();

            Object outcome = catchThrowable(() -> command.get(30, TimeUnit.SECONDS));
            Object result = outcome == null ? command.get() : outcome;
            if (result instanceof ExecutionException e) {
                result = e.getCause();
            }
            assertThat(result).as("the command's outcome").isInstanceOf(HostException.class);
            assertThat(((HostException) result).getMessage()).containsIgnoringCase("keep-alive");
        }
    }
}
