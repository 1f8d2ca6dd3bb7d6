package deployer.core.internal.host.ssh;

import net.schmizz.concurrent.Promise;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.DisconnectReason;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * keepalive@openssh.com requests for every connection of the JVM from one scheduler thread, as OpenSSH's
 * ServerAliveInterval/ServerAliveCountMax: a connection whose server left {@value #COUNT_MAX} requests in a row
 * unanswered is dropped (its commands fail as a lost connection). sshj's own keepalive is a thread per connection
 * (at 500 hosts, 500 threads that sleep); it stays off (interval 0), and this sends the same requests instead.
 *
 * <p>Sending only queues a packet on the connection; a write that blocks (a full TCP send buffer) holds this one
 * thread, so the scheduler has two.
 */
final class Keepalives {

    /** Unanswered keepalives before a connection counts as dead, as OpenSSH's ServerAliveCountMax. */
    static final int COUNT_MAX = 3;

    private static final Logger LOG = LoggerFactory.getLogger(Keepalives.class);
    private static final ScheduledThreadPoolExecutor SCHEDULER = scheduler();

    private Keepalives() {
    }

    private static ScheduledThreadPoolExecutor scheduler() {
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "ssh-keepalive");
            t.setDaemon(true);
            return t;
        });
        s.setRemoveOnCancelPolicy(true);
        s.setKeepAliveTime(10, TimeUnit.SECONDS);
        s.allowCoreThreadTimeOut(true);
        return s;
    }

    /**
     * Starts keepalives on a connected client; they stop by themselves when the connection ends. Null when the
     * interval is zero (keepalives off).
     */
    static ScheduledFuture<?> start(SSHClient client, Duration interval, String describe) {
        if (interval.isZero() || interval.isNegative()) {
            return null;
        }
        Round round = new Round(client, interval, describe);
        long millis = interval.toMillis();
        round.future = SCHEDULER.scheduleWithFixedDelay(round, millis, millis, TimeUnit.MILLISECONDS);
        return round.future;
    }

    /** Scheduled tasks waiting, for tests: one per open connection with keepalives on. */
    static int scheduled() {
        return SCHEDULER.getQueue().size();
    }

    private static final class Round implements Runnable {
        private final SSHClient client;
        private final Duration interval;
        private final String describe;
        private final Queue<Promise<?, ?>> unanswered = new ArrayDeque<>();
        volatile ScheduledFuture<?> future;

        Round(SSHClient client, Duration interval, String describe) {
            this.client = client;
            this.interval = interval;
            this.describe = describe;
        }

        @Override
        public void run() {
            Transport transport = client.getTransport();
            if (!client.isConnected() || !transport.isRunning()) {
                cancel();
                return;
            }
            while (!unanswered.isEmpty() && unanswered.peek().isFulfilled()) {
                unanswered.remove();
            }
            if (unanswered.size() >= COUNT_MAX) {
                LOG.warn("{} did not answer {} keepalives ({} s apart); dropping the connection", describe, COUNT_MAX,
                        interval.toSeconds());
                cancel();
                transport.die(new ConnectionException(DisconnectReason.CONNECTION_LOST, String.format(
                        "Did not receive any keep-alive response for %s seconds", COUNT_MAX * interval.toSeconds())));
                return;
            }
            try {
                unanswered.add(client.getConnection().sendGlobalRequest("keepalive@openssh.com", true, new byte[0]));
            } catch (Exception e) {
                // The connection is ending; its own reader reports that to whoever uses it.
                LOG.debug("Keepalive to {} not sent: {}", describe, e.toString());
                cancel();
            }
        }

        private void cancel() {
            ScheduledFuture<?> f = future;
            if (f != null) {
                f.cancel(false);
            }
        }
    }
}
