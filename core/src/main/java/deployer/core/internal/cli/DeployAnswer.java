package deployer.core.internal.cli;

import deployer.core.model.RunId;
import deployer.core.spi.Approval;
import deployer.core.spi.ApprovalBox;
import deployer.core.spi.Operator;
import deployer.core.spi.StateDirectory;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code deploy approve RUN_ID}, {@code deploy rollback RUN_ID}, {@code deploy abort RUN_ID}: answers the approval
 * gate a run on this machine waits at, from any shell — the run's {@link ApprovalBox} gets a record signed off with
 * who answered, from which host and when, which the gate picks up within a second and puts in its result (so the
 * journal, the recap and the reports). A run id that names no run, or a run that waits at no approval, is an error
 * (exit 2): an answer is never left lying for a gate that might come later.
 */
final class DeployAnswer extends SubCommand {

    private final Approval.Answer answer;

    private DeployAnswer(Approval.Answer answer) {
        this.answer = answer;
    }

    static DeployAnswer approve() {
        return new DeployAnswer(Approval.Answer.CONTINUE);
    }

    static DeployAnswer rollback() {
        return new DeployAnswer(Approval.Answer.ROLLBACK);
    }

    static DeployAnswer abort() {
        return new DeployAnswer(Approval.Answer.ABORT);
    }

    @Override
    String name() {
        return Deploy.SCRIPT + " " + word();
    }

    /** The word after {@code deploy}: continue is typed {@code approve}. */
    private String word() {
        return answer == Approval.Answer.CONTINUE ? "approve" : answer.word();
    }

    @Override
    String synopsis() {
        return "RUN_ID";
    }

    @Override
    String summary() {
        String what = switch (answer) {
            case CONTINUE -> "let the run's rollout go on (the gate passes)";
            case ROLLBACK -> "fail the gate as a failed check would, so a rollout with on_failure: rollback rolls back";
            case ABORT -> "stop the rollout where it is, without a rollback (the gate fails GATE_ABORTED)";
        };
        return "Answer " + answer.word() + " to the approval gate that run RUN_ID (its id is in the deploy's first log line and"
                + " its journal's name) waits at on this machine: " + what + ". The answer is signed off with your user, this host"
                + " and the time, and the gate's result says so; a run that waits at no approval gate is an error.";
    }

    @Override
    Options options() {
        return CliOptions.of(CliOptions.help());
    }

    @Override
    boolean takesArguments() {
        return true;
    }

    @Override
    int execute(CommandLine cl, PrintStream out, PrintStream err) throws UsageException, IOException {
        List<String> words = cl.getArgList();
        if (words.size() != 1) {
            throw new UsageException(words.isEmpty() ? "give the id of the run to answer: " + name() + " RUN_ID"
                    : "one run id only, got " + String.join(" ", words));
        }
        RunId runId;
        try {
            runId = new RunId(words.get(0));
        } catch (IllegalArgumentException e) {
            throw new UsageException("'" + words.get(0) + "' is not a run id (such as 20261208T012000Z-4f9a)" + hint());
        }
        ApprovalBox box = ApprovalBox.of(runId);
        List<ApprovalBox.Waiting> waiting = box.waiting();
        if (waiting.isEmpty()) {
            throw new UsageException(known(runId)
                    ? "run " + runId + " waits at no approval gate now (nothing in " + box.dir() + "); nothing was answered"
                    : "unknown run id " + runId + ": no journal of it under " + StateDirectory.journals()
                    + " and no approval gate of it waiting; nothing was answered" + hint());
        }
        ApprovalBox.Waiting gate = waiting.get(0);
        Approval approval = Approval.byCurrentOperator(answer, name());
        try {
            box.answer(gate.task(), approval);
        } catch (ApprovalBox.AlreadyAnswered e) {
            throw new UsageException(e.getMessage() + "; nothing was answered");
        }
        out.println("Answered the approval gate after " + gate.after() + " (task " + gate.task() + ") of run " + runId + ": "
                + approval.signedOff());
        if (gate.host().equals(Operator.current().host()) && ProcessHandle.of(gate.pid()).map(ProcessHandle::isAlive).orElse(false)) {
            err.println("The deploy (pid " + gate.pid() + ") picks the answer up within a second.");
        } else if (gate.host().equals(Operator.current().host())) {
            err.println("The deploy that waited (pid " + gate.pid() + ") is no longer running: the answer counts when the run is"
                    + " resumed (deploy --resume, as its last lines said).");
        }
        return 0;
    }

    /** {@code deploy rollback web} may mean the history rollback of a service, which is an option of deploy. */
    private String hint() {
        return answer == Approval.Answer.ROLLBACK ? " (to switch a service back along its release history: deploy --config FILE --rollback SERVICE)" : "";
    }

    /** Whether this machine has seen the run: its journal in the default place, or its state directory. */
    private static boolean known(RunId runId) throws IOException {
        if (Files.isDirectory(StateDirectory.ofRun(runId))) {
            return true;
        }
        Path journals = StateDirectory.journals();
        if (!Files.isDirectory(journals)) {
            return false;
        }
        try (Stream<Path> files = Files.list(journals)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith("_" + runId.value() + ".journal"));
        }
    }
}
