package deployer.commands.gates;

import deployer.core.model.RunId;
import deployer.core.spi.Approval;
import deployer.core.spi.ApprovalBox;
import deployer.core.spi.Arguments;
import deployer.core.spi.Command;
import deployer.core.spi.CommandArgument;
import deployer.core.spi.CommandContext;
import deployer.core.spi.CommandResult;
import deployer.core.spi.Operator;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static deployer.core.spi.CommandArgument.Type.SECONDS;
import static deployer.core.spi.CommandArgument.Type.STRING;
import static deployer.core.spi.CommandArgument.optional;

/**
 * An {@code approve} gate: waits for a person. It says in the run's {@link ApprovalBox} that it waits, and looks for
 * an answer there five times a second — written by {@code deploy approve|rollback|abort RUN_ID} from any process on
 * this machine, or by the deploy's own prompt on its terminal — signed off with who, from where and when. continue
 * passes; rollback fails it GATE_FAILED as any failed gate (so {@code on_failure: rollback} rolls back); abort fails
 * it GATE_ABORTED (the rollout stops without a rollback). With {@code timeout}, {@code then} is the answer when
 * nobody gave one in time. An answer already there when it starts (given before a crash, the run resumed) counts.
 */
public final class ApproveGateCommand implements Command {

    static final List<CommandArgument> ARGUMENTS = List.of(
            optional("timeout", SECONDS, "seconds to wait for an answer (default: no limit)"),
            optional("then", STRING, "the answer when `timeout` passed without one: continue, rollback or abort"),
            Gates.AFTER);
    /** How often the box is looked at: an answer is picked up within this. */
    private static final Duration POLL = Duration.ofMillis(200);

    private final Function<RunId, ApprovalBox> boxes;
    private final GateWindow clock = new GateWindow();
    private Duration timeout;
    private Approval.Answer then;
    private String after;

    public ApproveGateCommand() {
        this(ApprovalBox::of);
    }

    ApproveGateCommand(Function<RunId, ApprovalBox> boxes) {
        this.boxes = boxes;
    }

    @Override
    public String name() {
        return "gate_approve";
    }

    @Override
    public List<CommandArgument> arguments() {
        return ARGUMENTS;
    }

    @Override
    public String summary() {
        return "a gate between deploy batches: waits for a person's answer — `deploy approve|rollback|abort RUN_ID`, or the"
                + " deploy's prompt on its terminal — signed off (who, host, when); continue passes, rollback fails it GATE_FAILED,"
                + " abort GATE_ABORTED; after `timeout` without one, `then` is the answer";
    }

    /** Waiting again is harmless, and a resumed run finds an answer given before it died. */
    @Override
    public boolean idempotent() {
        return true;
    }

    @Override
    public String describe() {
        return "approval after " + after + (timeout == null ? "" : " (" + Gates.format(timeout) + ", then " + then.word() + ")");
    }

    @Override
    public void initialize(Arguments args) {
        after = args.string("after", "the batch");
        Duration t = args.seconds("timeout", null);
        Optional<String> word = args.optionalString("then");
        if (t != null && t.isZero()) {
            args.problem("argument 'timeout': expected more than 0 seconds");
        }
        if (word.isPresent()) {
            then = Approval.Answer.of(word.get()).orElse(null);
            if (then == null) {
                args.problem("argument 'then': expected continue, rollback or abort, got '" + word.get() + "'");
            }
        }
        if (t != null && word.isEmpty()) {
            args.problem("argument 'timeout' without 'then': say what happens when nobody answers in time (continue, rollback or abort)");
        }
        if (t == null && word.isPresent()) {
            args.problem("argument 'then' without 'timeout': it is the answer when the timeout passes");
        }
        timeout = t;
    }

    @Override
    public CommandResult execute(CommandContext context) throws Exception {
        ApprovalBox box = boxes.apply(context.runId());
        String run = context.runId().value();
        long start = clock.now();
        Instant since = Instant.now();
        box.startWaiting(new ApprovalBox.Waiting(context.id(), after, ProcessHandle.current().pid(), Operator.current().host(), since));
        try {
            context.log().info("Waiting for an approval after {}{}: answer with deploy approve {} | deploy rollback {} | deploy abort {}",
                    after, timeout == null ? "" : " (" + Gates.format(timeout) + ", then " + then.word() + ")", run, run, run);
            long nextLog = start + GateWindow.LOG_EVERY.toNanos();
            while (true) {
                Optional<Approval> answer = box.answerTo(context.id());
                long now = clock.now();
                Duration waited = Duration.ofNanos(now - start);
                if (answer.isPresent()) {
                    context.log().info("Approval gate after {}: {}", after, answer.get().signedOff());
                    return verdict(answer.get().answer(), answer.get().signedOff() + ", after waiting " + Gates.format(waited));
                }
                if (timeout != null && now - (start + timeout.toNanos()) >= 0) {
                    context.log().info("Approval gate after {}: nobody answered within {}, then: {}", after, Gates.format(timeout), then.word());
                    return verdict(then, "nobody answered within " + Gates.format(timeout) + ", then: " + then.word() + " (the gate's timeout)");
                }
                if (now - nextLog >= 0) {
                    context.log().info("Still waiting for an approval after {}: {} so far", after, Gates.format(waited));
                    nextLog += GateWindow.LOG_EVERY.toNanos();
                }
                long wake = now + POLL.toNanos();
                if (timeout != null) {
                    wake = Math.min(wake, start + timeout.toNanos());
                }
                if (!clock.sleepUntil(context, wake)) {
                    return Gates.stopped("approval gate after " + after, Duration.ofNanos(clock.now() - start));
                }
            }
        } finally {
            try {
                box.doneWaiting(context.id());
            } catch (IOException e) {
                context.log().warn("Could not clear the approval gate's waiting mark in {}: {}", box.dir(), e.toString());
            }
        }
    }

    private CommandResult verdict(Approval.Answer answer, String why) {
        return switch (answer) {
            case CONTINUE -> CommandResult.succeeded("approved after " + after + ": " + why);
            case ROLLBACK -> CommandResult.failed(Gates.GATE_FAILED, "approval gate after " + after + ": " + why);
            case ABORT -> CommandResult.failed(Gates.GATE_ABORTED, "approval gate after " + after + ": " + why);
        };
    }
}
