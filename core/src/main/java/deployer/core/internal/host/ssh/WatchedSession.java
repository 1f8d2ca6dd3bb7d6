package deployer.core.internal.host.ssh;

import deployer.core.internal.host.OutputCapture;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.Message;
import net.schmizz.sshj.common.SSHException;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.connection.channel.direct.SessionChannel;
import net.schmizz.sshj.transport.TransportException;

import java.io.IOException;
import java.io.InputStream;

/**
 * A session channel that wakes its task whenever something arrives for it: output, the end of output, the exit
 * status, the close, a broken connection. sshj delivers all of these on the connection's own reader thread and
 * offers no event for them, so without this every command needed two threads blocked on its stdout and stderr
 * (2,000 threads at 500 hosts, about a third of the run's memory). With it, the task's thread waits here and
 * drains whatever has arrived on both streams without blocking ({@link #drainAvailable}).
 */
final class WatchedSession extends SessionChannel {

    private final Object lock = new Object();
    private long arrivals;

    private WatchedSession(SSHClient client) {
        super(client.getConnection(), client.getRemoteCharset());
    }

    /** Opens a session on a connected client (what {@link SSHClient#startSession()} does, with this channel). */
    static WatchedSession open(SSHClient client) throws IOException {
        if (!client.isConnected() || !client.isAuthenticated()) {
            throw new TransportException("the connection is closed");
        }
        WatchedSession session = new WatchedSession(client);
        session.open();
        return session;
    }

    @Override
    public void handle(Message msg, SSHPacket buf) throws SSHException {
        try {
            super.handle(msg, buf);
        } finally {
            arrived();
        }
    }

    @Override
    public void notifyError(SSHException error) {
        try {
            super.notifyError(error);
        } finally {
            arrived();
        }
    }

    /** How many times something has arrived so far; pass it to {@link #awaitArrivalAfter} after looking. */
    long arrivals() {
        synchronized (lock) {
            return arrivals;
        }
    }

    /**
     * Waits until something arrives after the count {@code seen} was read, or until the deadline ({@link System#nanoTime()};
     * {@link Long#MAX_VALUE}: none). Reading the count before looking at the streams means nothing that arrives
     * in between is missed.
     */
    void awaitArrivalAfter(long seen, long deadline) throws InterruptedException {
        synchronized (lock) {
            while (arrivals == seen) {
                if (deadline == Long.MAX_VALUE) {
                    lock.wait();
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return;
                    }
                    lock.wait(left / 1_000_000, (int) (left % 1_000_000));
                }
            }
        }
    }

    /** Nothing more will arrive on stdout or stderr: the server sent their end, or the channel is closed or broken. */
    boolean outputOver() {
        return isEOF() || !isOpen();
    }

    /** Passes what {@code stream} (this channel's stdout or stderr) holds now to {@code capture}, without blocking. */
    static void drainAvailable(InputStream stream, byte[] buffer, OutputCapture capture) throws IOException {
        int available;
        while ((available = stream.available()) > 0) {
            int n = stream.read(buffer, 0, Math.min(available, buffer.length));
            capture.feed(buffer, 0, n);
        }
    }

    private void arrived() {
        synchronized (lock) {
            arrivals++;
            lock.notifyAll();
        }
    }
}
