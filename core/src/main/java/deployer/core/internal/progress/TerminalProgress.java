package deployer.core.internal.progress;

import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.spi.SystemStream;
import org.jline.terminal.spi.TerminalProvider;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

/**
 * The live display on a terminal: below the log, one line per stage in flight (counts, a bar, elapsed time) and one
 * with the hosts busy, redrawn in place by JLine's {@link Display}. Log lines print above it: while it is shown,
 * {@code System.err} is a stream that hands each whole line here (the console appender follows {@code System.err}),
 * and one lock orders them with the redraws, so a line never tears the status and the status never lands inside a
 * line. The cursor rests at the start of the status block, so printing above is: clear to the end of the screen,
 * write the line, draw the block again below it.
 */
final class TerminalProgress extends ProgressDisplay {

    private static final int BAR_CELLS = 16;
    /** JLine reports through java.util.logging; a terminal it cannot open is not the user's concern (plain lines follow). */
    private static final java.util.logging.Logger JLINE_LOG = java.util.logging.Logger.getLogger("org.jline");

    private final Terminal terminal;
    private final Object lock = new Object();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "progress-display");
        t.setDaemon(true);
        return t;
    });
    private Display display;
    private Size size;
    private PrintStream previousErr;
    private boolean closed;
    /** The terminal is someone else's for now (see {@link #suspend()}): no status lines. */
    private boolean suspended;

    private TerminalProgress(ProgressBoard board, Terminal terminal) {
        super(board);
        this.terminal = terminal;
    }

    /**
     * The display, when stderr is a terminal (and stdin too: JLine's system terminal needs both) that can move its
     * cursor; empty for pipes, files, {@code TERM=dumb}, or a terminal JLine cannot open.
     */
    static Optional<TerminalProgress> onStderr(ProgressBoard board) {
        if (surelyNotATerminal(0) || surelyNotATerminal(2)) {
            return Optional.empty();
        }
        JLINE_LOG.setLevel(Level.OFF);
        try {
            TerminalBuilder builder = TerminalBuilder.builder().system(true).systemOutput(TerminalBuilder.SystemOutput.SysErr)
                    // Our own SIGINT handler decides what Ctrl-C does; JLine must not take the signals over.
                    .nativeSignals(false).dumb(true)
                    // Nothing is read from the terminal: no probing it for modes (a probe waits for an answer).
                    .graphemeCluster(false);
            // Asked first, so that JLine does not warn about a half-terminal (stdin a tty, stderr a file).
            List<TerminalProvider> providers = builder.getProviders(null, new IllegalStateException("no terminal provider"));
            boolean tty = providers.stream().anyMatch(p -> p.isSystemStream(SystemStream.Error))
                    && providers.stream().anyMatch(p -> p.isSystemStream(SystemStream.Input));
            if (!tty) {
                return Optional.empty();
            }
            Terminal terminal = builder.build();
            if (terminal.getType().startsWith(Terminal.TYPE_DUMB) || terminal.getStringCapability(InfoCmp.Capability.cursor_up) == null
                    || terminal.getStringCapability(InfoCmp.Capability.clr_eos) == null) {
                terminal.close();
                return Optional.empty();
            }
            return Optional.of(new TerminalProgress(board, terminal));
        } catch (IOException | RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }

    /**
     * Whether file descriptor {@code fd} surely is no terminal: on Linux, {@code /proc/self/fd/N} names a pipe, a socket
     * or a file outside /dev. Asked before JLine, whose providers (a native library, a {@code tty} process) took
     * 65–95 ms and ~0.1 s of CPU to learn the same, cold, against 4–7 ms for this (docs/benchmarks/notebook.md, "SSH at scale: the passes", "Fourth pass").
     * Unsure (no /proc, a device) is JLine's to tell.
     */
    static boolean surelyNotATerminal(int fd) {
        return surelyNotATerminal(Path.of("/proc/self/fd/" + fd));
    }

    /** @param fdLink a file descriptor's link in /proc */
    static boolean surelyNotATerminal(Path fdLink) {
        try {
            return !Files.readSymbolicLink(fdLink).toString().startsWith("/dev/");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    TerminalProgress start() {
        synchronized (lock) {
            previousErr = System.err;
            System.setErr(new PrintStream(new LineStream(this::printAbove), true, StandardCharsets.UTF_8));
            size = terminal.getSize();
            redraw();
        }
        ticker.scheduleWithFixedDelay(this::tick, 250, 250, TimeUnit.MILLISECONDS);
        return this;
    }

    private void tick() {
        synchronized (lock) {
            if (closed || suspended) {
                return;
            }
            Size now = terminal.getSize();
            if (!now.equals(size)) {
                size = now;
                // After a resize the old block may have wrapped: clear it and draw anew.
                terminal.puts(InfoCmp.Capability.clr_eos);
                display = null;
            }
            redraw();
        }
    }

    @Override
    protected void changed() {
        synchronized (lock) {
            if (!closed && !suspended) {
                redraw();
            }
        }
    }

    /** A log line: above the status block, which is drawn again below it. */
    void printAbove(String line) {
        synchronized (lock) {
            if (closed) {
                previousErr.println(line);
                return;
            }
            if (suspended) {
                terminal.writer().write(line);
                terminal.writer().write('\n');
                terminal.flush();
                return;
            }
            terminal.puts(InfoCmp.Capability.carriage_return);
            terminal.puts(InfoCmp.Capability.clr_eos);
            terminal.writer().write(line);
            terminal.writer().write('\n');
            display = null;
            redraw();
        }
    }

    @Override
    public void suspend() {
        synchronized (lock) {
            if (closed || suspended) {
                return;
            }
            suspended = true;
            terminal.puts(InfoCmp.Capability.carriage_return);
            terminal.puts(InfoCmp.Capability.clr_eos);
            terminal.flush();
            display = null;
        }
    }

    @Override
    public void resume() {
        synchronized (lock) {
            if (closed || !suspended) {
                return;
            }
            suspended = false;
            redraw();
        }
    }

    /** Draws the block from the cursor (its first line) and leaves the cursor there again. Under the lock. */
    private void redraw() {
        if (display == null) {
            display = new Display(terminal, false);
            display.resize(rows(), columns());
        }
        List<AttributedString> lines = lines(columns() - 1);
        // Hard line ends between the lines (Display reads a line without one as wrapping into the next).
        List<AttributedString> shown = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            shown.add(i < lines.size() - 1 ? new AttributedStringBuilder().append(lines.get(i)).append('\n').toAttributedString() : lines.get(i));
        }
        display.update(shown, 0);
    }

    /** The terminal's width; a pty nobody sized (0 × 0) counts as the classic 80 × 24. */
    private int columns() {
        return size.getColumns() <= 0 ? 80 : Math.max(20, size.getColumns());
    }

    private int rows() {
        return size.getRows() <= 0 ? 24 : Math.max(2, size.getRows());
    }

    private List<AttributedString> lines(int width) {
        List<AttributedString> lines = new ArrayList<>();
        for (ProgressBoard.StageLine s : board.snapshot()) {
            // Time first and counts last: on a narrow terminal the line is cut at its least useful end.
            AttributedStringBuilder b = new AttributedStringBuilder();
            b.append(ProgressBoard.StageLine.clock(s.elapsed())).append(' ');
            b.style(AttributedStyle.BOLD).append("stage ").append(Integer.toString(s.number())).append('/')
                    .append(Integer.toString(s.stages())).append(' ').append(s.name()).style(AttributedStyle.DEFAULT).append(' ');
            bar(b, s);
            b.append(String.format(java.util.Locale.ROOT, " %d done, %d running, ", s.done(), s.running()));
            b.style(s.failed() > 0 ? AttributedStyle.DEFAULT.foreground(AttributedStyle.RED).bold() : AttributedStyle.DEFAULT)
                    .append(s.failed() + " failed").style(AttributedStyle.DEFAULT);
            b.append(String.format(java.util.Locale.ROOT, ", %d queued", s.queued()));
            lines.add(b.toAttributedString().columnSubSequence(0, width));
            if (!s.busyHosts().isEmpty()) {
                lines.add(new AttributedStringBuilder().style(AttributedStyle.DEFAULT.faint())
                        .append("  " + s.busy()).toAttributedString().columnSubSequence(0, width));
            }
        }
        return lines;
    }

    /** {@code [#####!!------]}: done in green, failed in red, the rest still to come. */
    private static void bar(AttributedStringBuilder b, ProgressBoard.StageLine s) {
        int total = Math.max(1, s.total());
        int failed = (int) Math.round(BAR_CELLS * (double) s.failed() / total);
        int finished = (int) Math.floor(BAR_CELLS * s.fraction());
        int done = Math.max(0, finished - failed);
        b.append('[');
        b.style(AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN)).append("#".repeat(done));
        b.style(AttributedStyle.DEFAULT.foreground(AttributedStyle.RED)).append("!".repeat(Math.min(failed, BAR_CELLS - done)));
        b.style(AttributedStyle.DEFAULT).append("-".repeat(Math.max(0, BAR_CELLS - done - Math.min(failed, BAR_CELLS - done))));
        b.append(']');
    }

    /** Takes the status lines away and gives stderr back, before the recap prints. */
    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            terminal.puts(InfoCmp.Capability.carriage_return);
            terminal.puts(InfoCmp.Capability.clr_eos);
            terminal.flush();
            PrintStream ours = System.err;
            System.setErr(previousErr);
            ours.close();
            try {
                terminal.close();
            } catch (IOException e) {
                // Nothing was changed on it that needs restoring.
            }
        }
    }
}
