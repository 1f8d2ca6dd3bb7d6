package deployer.core.internal.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Copies bytes from one stream to another on a daemon thread of its own, for a command whose input and output are
 * streamed ({@link deployer.core.spi.RemoteHost#execute(String, deployer.core.spi.ExecOptions, InputStream, OutputStream)}).
 * A feeder (into a command's stdin) closes its target at the end, which is the command's end of input. A reader
 * (from a command's stdout) never closes its target, which belongs to the caller; when the target stops taking
 * bytes, the reader drains the rest into nothing, so the command does not hang on a full pipe or SSH window.
 */
public final class BytePump {

    private static final int BUFFER = 64 * 1024;

    private final Thread thread;
    private volatile IOException targetFailure;

    private BytePump(InputStream from, OutputStream to, boolean closeTarget, String name) {
        thread = new Thread(() -> copy(from, to, closeTarget), name);
        thread.setDaemon(true);
    }

    /** Feeds {@code stdin} (null: nothing) into a command's input, then closes that input. */
    public static BytePump feeder(InputStream stdin, OutputStream commandInput, String name) {
        BytePump p = new BytePump(stdin == null ? InputStream.nullInputStream() : stdin, commandInput, true, name);
        p.thread.start();
        return p;
    }

    /** Reads a command's output into {@code target}, which stays open. */
    public static BytePump reader(InputStream commandOutput, OutputStream target, String name) {
        BytePump p = new BytePump(commandOutput, target, false, name);
        p.thread.start();
        return p;
    }

    private void copy(InputStream from, OutputStream to, boolean closeTarget) {
        byte[] buffer = new byte[BUFFER];
        boolean passing = true;
        try {
            int n;
            while ((n = from.read(buffer)) >= 0) {
                if (!passing || n == 0) {
                    continue;
                }
                try {
                    to.write(buffer, 0, n);
                    to.flush();
                } catch (IOException e) {
                    // The target's reader went away: keep draining the source, as a closed pipe would not be read.
                    targetFailure = e;
                    passing = false;
                }
            }
        } catch (IOException e) {
            // The source closed under us (the command ended, the channel closed, the feed was interrupted): its
            // exit status tells the story.
        } finally {
            if (closeTarget) {
                try {
                    to.close();
                } catch (IOException ignored) {
                    // The command may have ended already; nothing more to tell it.
                }
            }
        }
    }

    public Thread thread() {
        return thread;
    }

    /** Stops a feeder whose command has ended: a blocked read of a piped source gives up on the interrupt. */
    public void stop() {
        thread.interrupt();
    }

    /** Why the target stopped taking bytes, or null if it took all of them. */
    public IOException targetFailure() {
        return targetFailure;
    }
}
