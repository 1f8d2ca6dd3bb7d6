package deployer.core.internal.host.ssh;

import deployer.core.spi.FailureReason;
import deployer.core.spi.HostException;
import net.schmizz.sshj.SSHClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * The run's connections to jump hosts: one per jump host and route, opened when the first host behind it
 * connects, shared by every host behind it (each of their connections is a direct-tcpip channel inside it), and
 * closed when the last host that uses it is closed. A jump host that cannot be reached fails every host behind it
 * with the same reason, without trying again.
 */
final class Bastions {

    private static final Logger LOG = LoggerFactory.getLogger(Bastions.class);

    /** One jump host connection; its own monitor guards connecting, so jump hosts connect independently. */
    private static final class Entry {
        final Endpoint endpoint;
        /** Guarded by Bastions.this. */
        int users;
        /** Guarded by Bastions.this; set when the last user left, so a connect under way closes what it opened. */
        boolean released;
        volatile SSHClient client;
        /** Guarded by this entry. */
        HostException failure;

        Entry(Endpoint endpoint) {
            this.endpoint = endpoint;
        }
    }

    private final SshConnector connector;
    private final Map<String, Entry> entries = new HashMap<>();

    Bastions(SshConnector connector) {
        this.connector = connector;
    }

    /** A host behind this jump host exists; its connection stays open until {@link #release}. */
    synchronized void register(Endpoint jump) {
        Entry e = entries.get(jump.key());
        if (e == null) {
            e = new Entry(jump);
            entries.put(jump.key(), e);
            if (jump.via() != null) {
                register(jump.via());
            }
        }
        e.users++;
    }

    synchronized void release(Endpoint jump) {
        Entry e = entries.get(jump.key());
        if (e == null || --e.users > 0) {
            return;
        }
        entries.remove(jump.key());
        e.released = true;
        if (e.client != null) {
            LOG.debug("Closing the connection to jump host {}", jump.describe());
            SshConnector.closeQuietly(e.client);
        }
        if (jump.via() != null) {
            release(jump.via());
        }
    }

    /** The open connection to a jump host, connecting (through its own jump hosts) first if needed. */
    SSHClient client(Endpoint jump) throws HostException {
        Entry e;
        synchronized (this) {
            e = entries.get(jump.key());
        }
        if (e == null) {
            throw closed(jump);
        }
        synchronized (e) {
            SSHClient c = e.client;
            if (c != null && c.isConnected() && c.isAuthenticated()) {
                return c;
            }
            if (e.failure != null) {
                throw e.failure;
            }
            if (c != null) {
                LOG.warn("The connection to jump host {} was lost; reconnecting", jump.describe());
                SshConnector.closeQuietly(c);
            }
            long started = System.nanoTime();
            try {
                c = connector.connect(jump, fresh -> { });
            } catch (HostException failure) {
                e.client = null;
                e.failure = failure;
                throw failure;
            }
            synchronized (this) {
                if (e.released) {
                    SshConnector.closeQuietly(c);
                    throw closed(jump);
                }
                e.client = c;
            }
            LOG.info("Connected to jump host {} in {} ms", jump.describe(), (System.nanoTime() - started) / 1_000_000);
            return c;
        }
    }

    private static HostException closed(Endpoint jump) {
        return new HostException(FailureReason.INTERRUPTED, jump.target().name(),
                "the connection to jump host " + jump.describe() + " was closed (every host behind it was closed)");
    }
}
