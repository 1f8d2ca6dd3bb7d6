package deployer.core.internal.host.ssh;

import deployer.core.spi.FailureReason;
import deployer.core.spi.HostException;

import java.util.concurrent.Semaphore;

/**
 * At most {@code ssh.max_parallel_connects} handshakes (TCP connect, key exchange, login) under way at once; the
 * others wait their turn, first come first served. Waiting is not connecting: a host's connect timeout starts when
 * its own handshake does, so a long queue never makes a healthy host time out. Bounded because hundreds of
 * simultaneous key exchanges only compete for the CPU (here and on shared servers, jump hosts and sshd's
 * MaxStartups) and all finish late together.
 */
final class ConnectGate {

    private final Semaphore permits;
    private final int limit;

    ConnectGate(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("max parallel connects must be at least 1, got " + limit);
        }
        this.limit = limit;
        this.permits = new Semaphore(limit, true);
    }

    /** Waits for a turn; an interrupted wait (an abort) fails the connect as interrupted. */
    Turn enter(SshTarget target) throws HostException {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostException(FailureReason.INTERRUPTED, target.name(), "interrupted while waiting to connect to "
                    + target.describe() + " (at most " + limit + " connects at once, ssh.max_parallel_connects)", e);
        }
        return permits::release;
    }

    /** A handshake's turn; closing it lets the next one start. */
    interface Turn extends AutoCloseable {
        @Override
        void close();
    }
}
