package deployer.core.internal.host;

import deployer.core.spi.ExecOptions;
import deployer.core.spi.OutputListener;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Drains one output stream of a running command line by line: passes each line on, keeps stdout up to a cap
 * and the last lines of stderr. Both streams must be drained at once, or a chatty command fills its pipe (or
 * SSH window) and hangs.
 */
public final class OutputCapture {

    private final boolean stderr;
    private final OutputListener listener;
    private final StringBuilder kept = new StringBuilder();
    private final Deque<String> tail = new ArrayDeque<>();
    private boolean truncated;
    private boolean detached;

    public OutputCapture(boolean stderr, OutputListener listener) {
        this.stderr = stderr;
        this.listener = listener;
    }

    /** Reads the stream to its end. */
    public void drain(InputStream in) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                accept(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
