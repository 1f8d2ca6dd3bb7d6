package deployer.core.internal.progress;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * An output stream that hands on whole lines: what log4j (or anyone) writes to stderr while the progress display owns
 * the terminal, each line printed above the status lines in one piece. A partial line waits for its end.
 */
final class LineStream extends OutputStream {

    private final Consumer<String> sink;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    LineStream(Consumer<String> sink) {
        this.sink = sink;
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            emit();
        } else {
            pending.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    private void emit() {
        String line = pending.toString(StandardCharsets.UTF_8);
        pending.reset();
        sink.accept(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
    }

    /** Hands on what is left of a last line without its end. */
    @Override
    public synchronized void close() {
        if (pending.size() > 0) {
            emit();
        }
    }
}
