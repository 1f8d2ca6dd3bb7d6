package deployer.commands.gates;

import deployer.core.spi.CommandArgument;
import deployer.core.spi.CommandContext;
import deployer.core.spi.CommandResult;
import deployer.core.spi.FailureReason;

import java.time.Duration;

/** What the gate commands share: their failure reason, the {@code after} argument, stopping, durations in messages. */
final class Gates {

    /** A gate said no: the rollout stops after the batch before it. */
    static final FailureReason GATE_FAILED = FailureReason.of("GATE_FAILED",
            "A check between two deploy batches failed: the rollout stopped before the next batch.");

    /** The batch a gate follows, for its messages. */
    static final CommandArgument AFTER = CommandArgument.optional("after", CommandArgument.Type.STRING, "the batch",
            "the batch the gate follows, for its messages");

    private Gates() {
    }

    /** Whether the run is stopping: an abort, or a first Ctrl-C or TERM (a gate, unlike a chain, is safe to cut short). */
    static boolean stopping(CommandContext context) {
        if (context.stopRequested()) {
            return true;
        }
        String status = context.progress().status();
        return status.equals("stopped") || status.equals("aborted");
    }

    /** How often and how long a gate looks: {@code every} and {@code for}, in seconds. */
    record Window(Duration every, Duration length) {

        /** Reads {@code every} and {@code for}, recording a problem for a zero interval or a window shorter than it. */
        static Window read(deployer.core.spi.Arguments args, Duration defaultEvery, Duration defaultLength) {
            Duration every = args.seconds("every", defaultEvery);
            Duration length = args.seconds("for", defaultLength);
            if (every.isZero()) {
                args.problem("argument 'every': expected more than 0 seconds");
            } else if (length.compareTo(every) < 0) {
                args.problem("argument 'for' (" + format(length) + ") is shorter than 'every' (" + format(every) + "): expected for >= every");
            }
            return new Window(every, length);
        }
    }

    /** The start of an answer's body on one line, for a message. */
    static String snippet(String body) {
        String line = body.strip().replaceAll("\\s+", " ");
        return line.isEmpty() ? "(empty)" : "'" + (line.length() > 200 ? line.substring(0, 200) + "…" : line) + "'";
    }

    static CommandResult stopped(String what, Duration after) {
        return CommandResult.failed(FailureReason.INTERRUPTED, what + ": stopped after " + format(after) + ", the run is stopping");
    }

    /** As {@link deployer.core.config.DurationText#format}: the generator's stage names and the gates' messages agree. */
    static String format(Duration d) {
        return deployer.core.config.DurationText.format(d);
    }
}
