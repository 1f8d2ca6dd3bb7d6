package deployer.core.internal.host;


import deployer.core.model.HostAddress;
import deployer.core.spi.Hosts;
import deployer.core.spi.RemoteHost;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The hosts of one run: one {@link RemoteHost} per host and user, created on first use and shared by every task
 * there, closed together at the end of the run. Each task's own {@code remote_user} counts (the original tool's
 * global user let the last task's user win for all).
 */
public final class HostPool implements Hosts, AutoCloseable {

    /** Makes the host object for a non-local address; connecting may wait until its first use. */
    @FunctionalInterface
    public interface RemoteConnector {
        RemoteHost create(HostAddress address, String user);

        /** The run will use remote hosts: a hint to set up in the background what their connections share. */
        default void prepare() {
        }
    }

    /** Longest wait for the hosts to close (a grace period for running commands, then a disconnect). */
    private static final Duration CLOSE_LIMIT = Duration.ofSeconds(20);

    private final RemoteConnector remote;
    private final Map<String, RemoteHost> hosts = new LinkedHashMap<>();
    /** Null while open; once closed, done when the close has ended (a second caller waits for it). */
    private CountDownLatch closing;

    /** @param remote how to reach SSH hosts, or null when this run may only use local hosts */
    public HostPool(RemoteConnector remote) {
        this.remote = remote;
    }

    public static HostPool localOnly() {
        return new HostPool(null);
    }

    public boolean supportsRemoteHosts() {
        return remote != null;
    }

    /**
     * The plan has remote hosts: lets the connector start its shared set-up (for SSH: the crypto configuration) in
     * the background, while the run is still being validated. Returns at once; harmless when called twice.
     */
    public void prepareRemote() {
        if (remote != null) {
            remote.prepare();
        }
    }

    /**
     * @param user the task's {@code remote_user}, or null: then the user written in the address ({@code user@host}),
     *             else the connector's default. (A task giving both, differently, does not pass validation.)
     */
    @Override
    public synchronized RemoteHost host(HostAddress address, String user) {
        if (closing != null) {
            throw new IllegalStateException("the run's hosts are closed");
        }
        String login = user != null ? user : address.user();
        // Keyed by login and endpoint: `alice@h` and `h` with remote_user alice share one connection.
        String key = address.local() ? address.key() : (login == null ? "" : login + "@") + address.endpoint();
        return hosts.computeIfAbsent(key, k -> {
            if (address.local()) {
                return new LocalHost(address.key());
            }
            if (remote == null) {
                throw new IllegalStateException("no SSH support configured for " + address);
            }
            return remote.create(address, login);
        });
    }

    /**
     * After {@link #close()} (an abort closes the run's connections to interrupt what runs on them): forgets the
     * closed hosts, so that the run's finishing stages (releasing its locks) connect afresh. The caller still
     * closes the pool at the end. False if the pool was not closed.
     */
    public synchronized boolean reopen() {
        if (closing == null) {
            return false;
        }
        hosts.clear();
        closing = null;
        return true;
    }

    /**
     * Closes every host; safe to call twice (normal end and Ctrl-C may race), and a second caller returns only when
     * the first has finished: the CLI's own close at the end must not let the process exit while an abort's close
     * still waits out a TERM's grace period to send KILL (a command that ignores TERM would be left running on its
     * host). Hosts close at the same time: on an abort each may first end its running commands, with a grace period,
     * and those periods should not add up.
     */
    @Override
    public void close() {
        List<RemoteHost> toClose = null;
        CountDownLatch underWay;
        synchronized (this) {
            if (closing == null) {
                closing = new CountDownLatch(1);
                toClose = new ArrayList<>(hosts.values());
            }
            underWay = closing;
        }
        long deadline = System.nanoTime() + CLOSE_LIMIT.toNanos();
        if (toClose == null) {
            awaitUntil(underWay, deadline);
            return;
        }
        try {
            closeAll(toClose, deadline);
        } finally {
            underWay.countDown();
        }
    }

    private static void closeAll(List<RemoteHost> toClose, long deadline) {
        if (toClose.size() == 1) {
            toClose.get(0).close();
            return;
        }
        List<Thread> closers = new ArrayList<>();
        for (RemoteHost host : toClose) {
            Thread t = new Thread(host::close, "close-" + host.name());
            t.setDaemon(true);
            t.start();
            closers.add(t);
        }
        boolean interrupted = false;
        for (Thread t : closers) {
            while (t.isAlive() && System.nanoTime() < deadline) {
                try {
                    TimeUnit.NANOSECONDS.timedJoin(t, deadline - System.nanoTime());
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for another caller's close, up to the deadline; an interrupt does not cut it short but is kept. */
    private static void awaitUntil(CountDownLatch latch, long deadline) {
        boolean interrupted = false;
        while (latch.getCount() > 0 && System.nanoTime() < deadline) {
            try {
                latch.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
