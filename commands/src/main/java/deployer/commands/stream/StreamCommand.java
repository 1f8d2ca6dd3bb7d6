package deployer.commands.stream;

import deployer.core.spi.CommandArgument;
import static deployer.core.spi.CommandArgument.Type.*;
import static deployer.core.spi.CommandArgument.optional;
import static deployer.core.spi.CommandArgument.required;

import deployer.core.model.HostAddress;
import deployer.core.spi.Arguments;
import deployer.core.spi.Command;
import deployer.core.spi.CommandContext;
import deployer.core.spi.CommandResult;
import deployer.core.spi.ExecOptions;
import deployer.core.spi.ExecResult;
import deployer.core.spi.FailureReason;
import deployer.core.spi.HostException;
import deployer.core.spi.RemoteHost;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pipes the stdout of command line {@code from} on {@code from_host} into the stdin of {@code to} on
 * {@code to_host}, through this process and never to disk ({@code pg_dump} on one host into {@code psql} on
 * another). Both sides run at once, each over the run's own connection to its host. Either side failing fails the
 * task and ends the other: a failed writer ends the reader before it sees end of input (so a {@code psql} does not
 * commit half a dump), and a reader that ends first (failed or not) ends the writer, as a closed pipe would.
 */
public final class StreamCommand implements Command {

    /** Declared once: checked before initialize, listed in COMMANDS.md and the tasklist schema. */
    static final List<CommandArgument> ARGUMENTS = List.of(required("from_host", STRING, ""), required("from", STRING, ""), required("to_host", STRING, ""), required("to", STRING, ""));

    @Override
    public List<CommandArgument> arguments() {
        return ARGUMENTS;
    }

    @Override
    public String summary() {
        return "pipes the stdout of shell line `from` on `from_host` into the stdin of shell line `to` on `to_host`, through the deployer's process (1 MB buffer), never to disk — e.g. `pg_dump` into `psql`. Both run at once over the run's own connections (hosts as in `remote_host`; login user from the address or the config). The result says the byte count and both exit statuses (`N bytes from A to B; from: exit status 0; to: exit status 0`). Either side failing fails the task (NON_ZERO_EXIT, with the last stderr lines of each side) and ends the other: after a failed `from` the `to` side is ended before it sees end of input (so it never takes half a stream for a whole one); a `to` that ends first, failed or not, ends `from`, as a closed pipe would. No sudo (its password would share stdin with the stream)";
    }

    /** Bytes held between the two hosts: enough to keep both connections busy, small enough not to matter. */
    private static final int PIPE_BUFFER = 1 << 20;

    private String fromHost;
    private String from;
    private String toHost;
    private String to;

    @Override
    public String name() {
        return "stream";
    }

    @Override
    public void initialize(Arguments args) {
        fromHost = host(args, "from_host");
        from = line(args, "from");
        toHost = host(args, "to_host");
        to = line(args, "to");
    }

    private static String host(Arguments args, String key) {
        String h = args.string(key);
        if (h != null) {
            try {
                HostAddress.parse(h);
            } catch (IllegalArgumentException e) {
                args.problem("argument '" + key + "': " + e.getMessage());
            }
        }
        return h;
    }

    private static String line(Arguments args, String key) {
        String s = args.string(key);
        if (s != null && s.isBlank()) {
            args.problem("argument '" + key + "' is empty; expected a command line");
        }
        return s;
    }

    @Override
    public CommandResult execute(CommandContext context) throws Exception {
        RemoteHost source = context.hosts().host(HostAddress.parse(fromHost), null);
        RemoteHost sink = context.hosts().host(HostAddress.parse(toHost), null);
        BytePipe pipe = new BytePipe(PIPE_BUFFER);
        AtomicLong bytes = new AtomicLong();
        OutputStream into = pipe.sink();
        OutputStream counted = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                into.write(b, off, len);
                bytes.addAndGet(len);
            }
        };
        ExecOptions options = ExecOptions.DEFAULT;
        CompletableFuture<ExecResult> writer = new CompletableFuture<>();
        CompletableFuture<ExecResult> reader = new CompletableFuture<>();
        Thread writing = side("stream-from-" + fromHost, writer,
                () -> context.runStreaming(source, from, options, null, counted));
        Thread reading = side("stream-to-" + toHost, reader,
                () -> context.runStreaming(sink, to, options, pipe.source(), OutputStream.nullOutputStream()));
        try {
            // Whichever side ends first decides what happens to the other.
            awaitEither(writer, reader);
            if (writer.isDone()) {
                if (succeeded(writer)) {
                    // End of input only now that the writer is known to have succeeded: the end of a failed writer
                    // must never look like a clean end of input to the reader.
                    pipe.closeWriting();
                } else {
                    reading.interrupt();
                }
            } else {
                // The reader ended before the writer: nobody reads what comes, so the writer ends too.
                writing.interrupt();
            }
            awaitBoth(writer, reader);
        } catch (InterruptedException e) {
            // The run is aborted: both sides end (their hosts end the commands).
            writing.interrupt();
            reading.interrupt();
            throw e;
        } finally {
            pipe.closeWriting();
            pipe.closeReading();
        }
        return result(writer, reader, bytes.get(), context);
    }

    private static void awaitEither(CompletableFuture<?> a, CompletableFuture<?> b) throws InterruptedException {
        try {
            CompletableFuture.anyOf(a, b).get();
        } catch (ExecutionException e) {
            // A side that threw is done; what it threw is read from its own future.
        }
    }

    private static void awaitBoth(CompletableFuture<?> a, CompletableFuture<?> b) throws InterruptedException {
        for (CompletableFuture<?> f : List.of(a, b)) {
            try {
                f.get();
            } catch (ExecutionException e) {
                // As above.
            }
        }
    }

    private CommandResult result(CompletableFuture<ExecResult> writer, CompletableFuture<ExecResult> reader, long bytes,
                                 CommandContext context) throws InterruptedException {
        String fromStatus = status(writer);
        String toStatus = status(reader);
        String summary = bytes + " bytes from " + fromHost + " to " + toHost + "; from: " + fromStatus + "; to: " + toStatus;
        if (succeeded(writer) && succeeded(reader)) {
            context.log().info("Streamed {}", summary);
            return CommandResult.succeeded(summary);
        }
        List<String> tail = new ArrayList<>();
        tail(writer, "from " + fromHost, tail);
        tail(reader, "to " + toHost, tail);
        FailureReason reason = reason(writer, reader);
        return CommandResult.failed(reason, "stream failed: " + context.redaction().mask(summary), tail);
    }

    /** The first real failure's reason; an interrupt we caused ourselves (ending the other side) is not one. */
    private static FailureReason reason(CompletableFuture<ExecResult> writer, CompletableFuture<ExecResult> reader) {
        for (CompletableFuture<ExecResult> side : List.of(writer, reader)) {
            Throwable t = failure(side);
            if (t instanceof HostException h && h.reason() != FailureReason.INTERRUPTED) {
                return h.reason();
            }
            if (t != null && !(t instanceof InterruptedException) && !(t instanceof HostException)) {
                return FailureReason.COMMAND_ERROR;
            }
            if (t == null && !succeeded(side)) {
                return FailureReason.NON_ZERO_EXIT;
            }
        }
        // Only our own ending of a side is left: the reader ended before the writer was done.
        return FailureReason.COMMAND_ERROR;
    }

    private static void tail(CompletableFuture<ExecResult> side, String label, List<String> out) {
        if (failure(side) == null) {
            side.join().stderrTail().forEach(l -> out.add(label + ": " + l));
        }
    }

    private static String status(CompletableFuture<ExecResult> side) {
        Throwable t = failure(side);
        if (t instanceof InterruptedException) {
            return "ended (the other side ended first)";
        }
        if (t != null) {
            return t.getMessage();
        }
        Integer s = side.join().exitStatus();
        return s == null ? "no exit status" : "exit status " + s;
    }

    private static boolean succeeded(CompletableFuture<ExecResult> side) {
        return side.isDone() && failure(side) == null && side.join().succeeded();
    }

    private static Throwable failure(CompletableFuture<ExecResult> side) {
        try {
            side.get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }

    private interface Side {
        ExecResult run() throws Exception;
    }

    private static Thread side(String name, CompletableFuture<ExecResult> done, Side side) {
        Thread t = new Thread(() -> {
            try {
                done.complete(side.run());
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
