package deployer.core.internal.cli;

import deployer.core.exec.PlannedTask;
import deployer.core.exec.RunListener;
import deployer.core.exec.TaskResult;
import deployer.core.internal.progress.ProgressDisplay;
import deployer.core.model.RunId;
import deployer.core.model.TaskId;
import deployer.core.spi.Approval;
import deployer.core.spi.ApprovalBox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The deploy's own way to answer an approval gate, when a person sits at its terminal: while a {@code gate_approve}
 * task runs, {@code [c]ontinue / [r]ollback / [a]bort?} on stderr, and the answer typed is written to the run's
 * {@link ApprovalBox} as {@code deploy approve} would write it (signed off: this user, this host, now), so the gate
 * has one way to learn an answer whoever gave it. The question is asked on a thread of its own (listeners must be
 * quick) that reads stdin only when a whole line is there, so that it can give up the moment the gate ends otherwise
 * (answered from another shell, its timeout, a stop) without swallowing what is typed later.
 */
final class ApprovalPrompt implements RunListener {

    static final String COMMAND = "gate_approve";
    private static final long LOOK_MILLIS = 100;

    private final ApprovalBox box;
    private final PrintStream prompt;
    private final InputStream in;
    /** The live progress display to take off the terminal while asking, or null. */
    private final ProgressDisplay display;
    private final Map<TaskId, Thread> asking = new ConcurrentHashMap<>();

    ApprovalPrompt(ApprovalBox box, InputStream in, PrintStream prompt, ProgressDisplay display) {
        this.box = box;
        this.in = in;
        this.prompt = prompt;
        this.display = display;
    }

    /** The prompt when this process's stdin is a terminal outside CI; else a listener that does nothing. */
    static RunListener forThisProcess(RunId runId, PrintStream prompt, ProgressDisplay display) {
        return Terminals.stdinIsTerminal() ? new ApprovalPrompt(ApprovalBox.of(runId), System.in, prompt, display) : new RunListener() {
        };
    }

    @Override
    public void taskStarted(PlannedTask task) {
        if (!task.task().command().equals(COMMAND)) {
            return;
        }
        Object after = task.task().arguments().get("after");
        Thread t = new Thread(() -> ask(task.id(), after == null ? "the batch" : after.toString()), "approval-prompt-" + task.id());
        t.setDaemon(true);
        asking.put(task.id(), t);
        t.start();
    }

    @Override
    public void taskFinished(PlannedTask task, TaskResult result) {
        Thread t = asking.remove(task.id());
        if (t != null) {
            t.interrupt();
        }
    }

    private void ask(TaskId task, String after) {
        if (display != null) {
            display.suspend();
        }
        try {
            prompt.printf("%nApproval gate after %s (task %s): [c]ontinue / [r]ollback / [a]bort? ", after, task);
            prompt.flush();
            while (!Thread.currentThread().isInterrupted()) {
                Optional<String> line = lineIfTyped();
                if (line.isEmpty()) {
                    Thread.sleep(LOOK_MILLIS);
                    continue;
                }
                Optional<Approval.Answer> answer = answer(line.get());
                if (answer.isEmpty()) {
                    prompt.print("Please answer c, r or a: ");
                    prompt.flush();
                    continue;
                }
                try {
                    box.answer(task, Approval.byCurrentOperator(answer.get(), "the deploy's prompt"));
                } catch (ApprovalBox.AlreadyAnswered e) {
                    prompt.println(e.getMessage());
                }
                return;
            }
        } catch (InterruptedException e) {
            // The gate ended: answered elsewhere, timed out or stopped.
        } catch (IOException e) {
            prompt.println("Could not record the answer in " + box.dir() + ": " + e.getMessage()
                    + "; answer with deploy approve|rollback|abort RUN_ID");
        } finally {
            if (display != null) {
                display.resume();
            }
        }
    }

    /** A whole line, if one was typed: a terminal in canonical mode makes input available a line at a time. */
    private Optional<String> lineIfTyped() throws IOException {
        if (in.available() <= 0) {
            return Optional.empty();
        }
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            line.write(b);
        }
        return Optional.of(line.toString(StandardCharsets.UTF_8));
    }

    static Optional<Approval.Answer> answer(String typed) {
        return switch (typed.trim().toLowerCase(Locale.ROOT)) {
            case "c", "continue" -> Optional.of(Approval.Answer.CONTINUE);
            case "r", "rollback" -> Optional.of(Approval.Answer.ROLLBACK);
            case "a", "abort" -> Optional.of(Approval.Answer.ABORT);
            default -> Optional.empty();
        };
    }
}
