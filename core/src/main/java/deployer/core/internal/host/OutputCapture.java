package deployer.core.internal.host;

import deployer.core.spi.ExecOptions;
import deployer.core.spi.OutputListener;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * Drains one output stream of a running command line by line: passes each line on, keeps stdout up to a cap
 * and the last lines of stderr. Both streams must be drained at once, or a chatty command fills its pipe (or
 * SSH window) and hangs: either by a thread per stream ({@link #drainInBackground}) or by feeding it the bytes as
 * they arrive ({@link #feed}, {@link #end}), as an SSH command does from its task's thread. Lines end as
 * {@link java.io.BufferedReader#readLine()} ends them: at \n, \r or \r\n.
 */
public final class OutputCapture {

    private final boolean stderr;
    private final OutputListener listener;
    private final StringBuilder kept = new StringBuilder();
    private final Deque<String> tail = new ArrayDeque<>();
    private boolean truncated;
    private boolean detached;
    /** Bytes of the line not yet ended; only the feeding thread touches them. */
    private byte[] pending = new byte[256];
    private int pendingLength;
    /** The last byte fed was a \r: a \n right after it ends no second line. */
    private boolean afterCr;

    public OutputCapture(boolean stderr, OutputListener listener) {
        this.stderr = stderr;
        this.listener = listener;
    }

    /** Reads the stream to its end. */
    public void drain(InputStream in) {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                feed(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            end();
        }
    }

    /** Takes the next bytes of the stream: every line they end is passed on. One feeding thread at a time. */
    public void feed(byte[] bytes, int offset, int length) {
        int i = offset;
        int limit = offset + length;
        if (afterCr && i < limit) {
            afterCr = false;
            if (bytes[i] == '\n') {
                i++;
            }
        }
        int start = i;
        for (; i < limit; i++) {
            byte b = bytes[i];
            if (b == '\n' || b == '\r') {
                keepPending(bytes, start, i - start);
                endLine();
                if (b == '\r') {
                    if (i + 1 == limit) {
                        afterCr = true;
                    } else if (bytes[i + 1] == '\n') {
                        i++;
                    }
                }
                start = i + 1;
            }
        }
        keepPending(bytes, start, limit - start);
    }

    /** The stream has ended: a last line without a line end is passed on too. */
    public void end() {
        if (pendingLength > 0) {
            endLine();
        }
        afterCr = false;
    }

    private void keepPending(byte[] bytes, int offset, int length) {
        if (pendingLength + length > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + length));
        }
        System.arraycopy(bytes, offset, pending, pendingLength, length);
        pendingLength += length;
    }

    private void endLine() {
        // Whole lines only: a UTF-8 sequence never contains \n or \r, so no character is split here.
        String line = new String(pending, 0, pendingLength, StandardCharsets.UTF_8);
        pendingLength = 0;
        accept(line);
    }

    /** A thread (daemon, named for the host) that drains the stream. */
    public Thread drainInBackground(InputStream in, String hostName) {
        Thread t = new Thread(() -> {
            try {
                drain(in);
            } catch (UncheckedIOException ignored) {
                // The process or channel closed under us; the exit status tells the story.
            }
        }, "output-" + hostName + (stderr ? "-err" : "-out"));
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Stops keeping and passing on lines, for good: the command is over, but a process it left running still writes
     * to the stream. The reader goes on draining (and dropping) what comes, so that process never blocks on a full pipe.
     */
    public synchronized void detach() {
        detached = true;
    }

    private synchronized void accept(String line) {
        if (detached) {
            return;
        }
        if (!stderr) {
            if (kept.length() + line.length() + 1 <= ExecOptions.MAX_CAPTURED_STDOUT) {
                kept.append(line).append('\n');
            } else {
                truncated = true;
            }
        }
        tail.addLast(line);
        if (tail.size() > ExecOptions.STDERR_TAIL_LINES) {
            tail.removeFirst();
        }
        listener.line(line, stderr);
    }

    public synchronized String text() {
        return kept.toString();
    }

    public synchronized boolean truncated() {
        return truncated;
    }

    public synchronized List<String> tail() {
        return List.copyOf(tail);
    }
}
