package deployer.commands.stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/**
 * A bounded in-memory pipe between two threads, any threads (unlike {@link java.io.PipedInputStream}, which calls
 * the pipe broken when the thread that last wrote has ended, as a host's output reader does before its command's
 * exit status is known). The writer blocks while the buffer is full, the reader while it is empty; end of input
 * comes only from {@link #closeWriting()}, and a closed reading side fails further writes, as a closed pipe does.
 * Both waits give up on an interrupt.
 */
final class BytePipe {

    private final byte[] buffer;
    private int start;
    private int size;
    private boolean writingClosed;
    private boolean readingClosed;

    BytePipe(int capacity) {
        buffer = new byte[capacity];
    }

    OutputStream sink() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                put(b, off, len);
            }
        };
    }

    InputStream source() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return take(b, off, len);
            }

            @Override
            public void close() {
                closeReading();
            }
        };
    }

    private synchronized void put(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            while (size == buffer.length && !readingClosed) {
                await();
            }
            if (readingClosed) {
                throw new IOException("the reading side of the stream is closed");
            }
            int end = (start + size) % buffer.length;
            int n = Math.min(len, Math.min(buffer.length - size, buffer.length - end));
            System.arraycopy(b, off, buffer, end, n);
            size += n;
            off += n;
            len -= n;
            notifyAll();
        }
    }

    private synchronized int take(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (size == 0 && !writingClosed && !readingClosed) {
            await();
        }
        if (size == 0) {
            return -1;
        }
        int n = Math.min(len, Math.min(size, buffer.length - start));
        System.arraycopy(buffer, start, b, off, n);
        start = (start + n) % buffer.length;
        size -= n;
        notifyAll();
        return n;
    }

    private void await() throws InterruptedIOException {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while streaming");
        }
    }

    /** End of input for the reader, once it has read what is buffered. */
    synchronized void closeWriting() {
        writingClosed = true;
        notifyAll();
    }

    /** Nobody reads any more: writes fail from now on. */
    synchronized void closeReading() {
        readingClosed = true;
        notifyAll();
    }
}
