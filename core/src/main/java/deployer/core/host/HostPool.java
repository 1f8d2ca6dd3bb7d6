package deployer.core.host;

import deployer.core.model.HostAddress;
import deployer.core.spi.RemoteHost;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The hosts of one run: one {@link RemoteHost} per host and user, created on first use and shared by every task
 * there, closed together at the end of the run. Each task's own {@code remote_user} counts (the original tool's
 * global user let the last task's user win for all).
 */
public final class HostPool implements AutoCloseable {

    /** Makes the host object for a non-local address; connecting may wait until its first use. */
    @FunctionalInterface
    public interface RemoteConnector {
        RemoteHost create(HostAddress address, String user);
    }

    private final RemoteConnector remote;
    private final Map<String, RemoteHost> hosts = new LinkedHashMap<>();
    private boolean closed;

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
     * @param user the task's {@code remote_user}, or null: then the user written in the address ({@code user@host}),
     *             else the connector's default. (A task giving both, differently, does not pass validation.)
     */
    public synchronized RemoteHost host(HostAddress address, String user) {
        if (closed) {
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

    /** Closes every host; safe to call twice (normal end and Ctrl-C may race). */
    @Override
    public void close() {
        Map<String, RemoteHost> toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new LinkedHashMap<>(hosts);
        }
        toClose.values().forEach(RemoteHost::close);
    }
}
