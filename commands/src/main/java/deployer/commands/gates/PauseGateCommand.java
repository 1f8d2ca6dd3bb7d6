package deployer.commands.gates;

import deployer.core.spi.Arguments;
import deployer.core.spi.Command;
import deployer.core.spi.CommandArgument;
import deployer.core.spi.CommandContext;
import deployer.core.spi.CommandResult;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import static deployer.core.spi.CommandArgument.Type.SECONDS;
import static deployer.core.spi.CommandArgument.required;

/**
 * A {@code pause} gate: waits, then lets the rollout go on. Says when it will end, then how long is left once a
 * minute; a stop (Ctrl-C, TERM) ends the wait and the gate fails INTERRUPTED, so the next batch never starts.
 */
public final class PauseGateCommand implements Command {

    static final List<CommandArgument> ARGUMENTS = List.of(required("seconds", SECONDS, "how long to wait"), Gates.AFTER);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final GateWindow clock;
    private Duration length;
    private String after;

    public PauseGateCommand() {
        this(new GateWindow());
    }

    PauseGateCommand(GateWindow clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "gate_pause";
    }

    @Override
    public List<CommandArgument> arguments() {
        return ARGUMENTS;
    }

    @Override
    public String summary() {
        return "a gate between deploy batches: waits `seconds` (a log line a minute says how long is left); a stop ends the wait and fails it INTERRUPTED";
    }

    /** Waiting again is harmless: a resumed run pauses again. */
    @Override
    public boolean idempotent() {
        return true;
    }

    @Override
    public String describe() {
        return "pause " + Gates.format(length) + " after " + after;
    }

    @Override
    public void initialize(Arguments args) {
        length = args.seconds("seconds", Duration.ZERO);
        after = args.string("after", "the batch");
    }

    @Override
    public CommandResult execute(CommandContext context) throws Exception {
        String what = "pause after " + after;
        long start = clock.now();
        long end = start + length.toNanos();
        context.log().info("Pausing {} after {}: the next batch starts at {}", Gates.format(length), after,
                CLOCK.format(Instant.now().plus(length)));
        long nextLog = start + GateWindow.LOG_EVERY.toNanos();
        while (clock.now() - end < 0) {
            if (!clock.sleepUntil(context, Math.min(end, nextLog))) {
                return Gates.stopped(what, Duration.ofNanos(clock.now() - start));
            }
            if (clock.now() - nextLog >= 0 && clock.now() - end < 0) {
                context.log().info("Pause after {}: {} left", after, Gates.format(Duration.ofNanos(end - clock.now())));
                nextLog += GateWindow.LOG_EVERY.toNanos();
            }
        }
        return CommandResult.succeeded("paused " + Gates.format(length) + " after " + after);
    }
}
