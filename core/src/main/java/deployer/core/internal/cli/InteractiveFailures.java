package deployer.core.internal.cli;

import deployer.core.exec.PlannedTask;
import deployer.core.exec.TaskResult;
import deployer.core.exec.FailureHandler;
import deployer.core.internal.exec.PolicyFailureHandler;
import deployer.core.exec.policy.RolloutBudget;
import deployer.core.exec.policy.TaskPolicy;
import deployer.core.exec.Verdict;
import deployer.core.internal.progress.ProgressDisplay;
import deployer.core.model.StagePolicy;
import deployer.core.spi.FailureReason;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * Interactive mode: when a task has failed for good under the tasklist's policies (its own retries are used up
 * first), the operator at the terminal is shown the failure and chooses {@code [r]etry / [s]kip / [a]bort}: retry
 * runs it again at once, skip ends it SKIPPED and its lane goes on, abort stops the run (running tasks finish,
 * nothing new starts, finishing stages still run). Each choice is in the task's result, so in the journal and the
 * summary. Only where stdin is a terminal and {@code CI} is not set; elsewhere nobody is asked, ever. One question
 * at a time: tasks that fail together wait for the operator in turn.
 */
final class InteractiveFailures implements FailureHandler {

    /** Asks one question and returns the answer line, or null when the terminal closed. */
    @FunctionalInterface
    interface Question {
        String ask(String prompt);
    }

    private final FailureHandler policies = new PolicyFailureHandler();
    private final Question question;
    private final PrintStream prompt;
    /** The live progress display to take off the terminal while asking, or null. */
    private final ProgressDisplay display;

    InteractiveFailures(Question question, PrintStream prompt) {
        this(null, question, prompt);
    }

    private InteractiveFailures(ProgressDisplay display, Question question, PrintStream prompt) {
        this.display = display;
        this.question = question;
        this.prompt = prompt;
    }

    /** The interactive handler when this process's stdin is a terminal outside CI, else the policies alone. */
    static FailureHandler forThisProcess(PrintStream prompt) {
        return forThisProcess(prompt, null);
    }

    /**
     * The same, taking the live progress display off the terminal while a question is asked (it would otherwise redraw
     * over the question and the operator's answer).
     */
    static FailureHandler forThisProcess(PrintStream prompt, ProgressDisplay display) {
        if (!Terminals.stdinIsTerminal()) {
            return new PolicyFailureHandler();
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        return new InteractiveFailures(display, text -> {
            prompt.print(text);
            prompt.flush();
            try {
                return in.readLine();
            } catch (IOException e) {
                return null;
            }
        }, prompt);
    }

    @Override
    public synchronized Verdict onFailure(PlannedTask task, TaskResult failure, int attempt, TaskPolicy taskPolicy,
                                          StagePolicy stagePolicy, boolean commandIdempotent, RolloutBudget budget) {
        Verdict byPolicy = policies.onFailure(task, failure, attempt, taskPolicy, stagePolicy, commandIdempotent, budget);
        if (byPolicy instanceof Verdict.Retry || failure.reason() == FailureReason.INTERRUPTED) {
            // The tasklist's own retries come first; an interrupted task is the operator's own doing (an abort).
            return byPolicy;
        }
        if (display != null) {
            display.suspend();
        }
        try {
            return ask(task, failure, attempt);
        } finally {
            if (display != null) {
                display.resume();
            }
        }
    }

    private Verdict ask(PlannedTask task, TaskResult failure, int attempt) {
        prompt.printf("%nTask %s failed on %s (attempt %d): %s: %s%n", task.describe(), task.hostKey(), attempt,
                failure.reason(), failure.message());
        failure.outputTail().forEach(l -> prompt.println("  | " + l));
        while (true) {
            String answer = question.ask("[r]etry / [s]kip / [a]bort? ");
            if (answer == null) {
                prompt.println();
                return new Verdict.Stop("the terminal closed while task " + task.id() + " waited for an answer",
                        "aborted: the terminal closed at the question");
            }
            switch (answer.trim().toLowerCase(Locale.ROOT)) {
                case "r", "retry" -> {
                    return new Verdict.Retry(Duration.ZERO, "retried by the operator");
                }
                case "s", "skip" -> {
                    return new Verdict.Skip("skipped by the operator");
                }
                case "a", "abort" -> {
                    return new Verdict.Stop("the operator aborted the run at task " + task.id(), "aborted by the operator");
                }
                default -> prompt.println("Please answer r, s or a.");
            }
        }
    }
}
