package deployer.core.internal.host.ssh;

import deployer.core.model.HostAddress;
import deployer.core.spi.ExecOptions;
import deployer.core.testing.EmbeddedSshd;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ssh.max_parallel_connects: at most so many handshakes under way at once, counted on the server (from a session's
 * creation to its login); the others queue, and their connect timeout starts with their own handshake. The hosts
 * are one MINA server under different login users (it lets any user in): one connection per user, as in a run.
 */
@Timeout(60)
class SshConnectLimitTest {

    private static final int HOSTS = 6;

    @TempDir
    Path dir;
    private EmbeddedSshd sshd;
    private final List<SshHost> hosts = new ArrayList<>();
    private final ExecutorService threads = Executors.newFixedThreadPool(HOSTS);

    @AfterEach
    void close() throws Exception {
        hosts.forEach(SshHost::close);
        threads.shutdownNow();
        if (sshd != null) {
            sshd.close();
        }
    }

    /** Handshakes between a session's creation and its login (or its end without one); the most seen at once. */
    private static final class InFlight implements SessionListener {
        final AtomicInteger now = new AtomicInteger();
        final AtomicInteger most = new AtomicInteger();
        private final Set<Session> open = ConcurrentHashMap.newKeySet();

        @Override
        public void sessionCreated(Session session) {
            open.add(session);
            most.accumulateAndGet(now.incrementAndGet(), Math::max);
        }

        @Override
        public void sessionEvent(Session session, Event event) {
            if (event == Event.Authenticated && open.remove(session)) {
                now.decrementAndGet();
            }
        }

        @Override
        public void sessionClosed(Session session) {
            if (open.remove(session)) {
                now.decrementAndGet();
            }
        }
    }

    /** Every host runs `echo user` at once, each from its own thread; returns the outputs in host order. */
    private List<String> connectAllAtOnce(int limit, Duration connectTimeout) throws Exception {
        SshSettings settings = new SshSettings(EmbeddedSshd.USER, 22, List.of(sshd.clientKey()),
                sshd.writeKnownHosts(dir.resolve("known_hosts")), StrictHostKeyChecking.YES,
                connectTimeout, Duration.ofSeconds(15), 10, null).withMaxParallelConnects(limit);
        SshConnector connector = new SshConnector(settings);
        for (int i = 0; i < HOSTS; i++) {
            hosts.add(connector.create(HostAddress.parse(sshd.remoteHost()), "user" + i));
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> outputs = new ArrayList<>();
        for (SshHost host : hosts) {
            outputs.add(threads.submit(() -> {
                start.await();
                return host.execute("echo " + host.target().user(), ExecOptions.DEFAULT).stdout().trim();
            }));
        }
        start.countDown();
        List<String> out = new ArrayList<>();
        for (Future<String> f : outputs) {
            out.add(f.get(45, TimeUnit.SECONDS));
        }
        return out;
    }

    private static List<String> users() {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < HOSTS; i++) {
            users.add("user" + i);
        }
        return users;
    }

    @Test
    void noMoreHandshakesAtOnceThanTheLimit() throws Exception {
        sshd = EmbeddedSshd.start(dir);
        InFlight inFlight = new InFlight();
        sshd.addSessionListener(inFlight);
        // Each login is held until two logins are held at once (or 5 s pass): with a limit of 2 the first two meet
        // here, so the server sees exactly 2 at once; without the limit it would see up to HOSTS.
        CountDownLatch twoHeld = new CountDownLatch(2);
        Set<Session> held = ConcurrentHashMap.newKeySet();
        sshd.beforeKeyCheck(session -> {
            if (held.add(session)) {
                twoHeld.countDown();
            }
            try {
                twoHeld.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        assertThat(connectAllAtOnce(2, Duration.ofSeconds(20))).isEqualTo(users());

        assertThat(inFlight.most.get()).as("handshakes under way at once, seen by the server").isEqualTo(2);
        assertThat(sshd.connections()).isEqualTo(HOSTS);
    }

    @Test
    void aHostWaitingItsTurnDoesNotTimeOut() throws Exception {
        sshd = EmbeddedSshd.start(dir);
        // A slow host: each session is held 600 ms before the server reads a byte of the key exchange, inside the
        // client's connect timeout (1 s). One at a time, the last of 6 waits ~3 s for its turn: were the timeout
        // counted from the queue, it (and others) would fail.
        sshd.addSessionListener(new SessionListener() {
            @Override
            public void sessionCreated(Session session) {
                try {
                    Thread.sleep(600);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        InFlight inFlight = new InFlight();
        sshd.addSessionListener(inFlight);

        assertThat(connectAllAtOnce(1, Duration.ofSeconds(1))).isEqualTo(users());

        assertThat(inFlight.most.get()).isEqualTo(1);
        assertThat(sshd.connections()).isEqualTo(HOSTS);
    }
}
