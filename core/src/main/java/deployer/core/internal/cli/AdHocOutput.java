package deployer.core.internal.cli;

import deployer.core.exec.PlannedTask;
import deployer.core.exec.RunListener;
import deployer.core.exec.TaskResult;
import deployer.core.model.TaskId;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prints an ad-hoc command's output on stdout, one block per host when its command ends, headed as Ansible's
 * ad-hoc runs are: {@code HOST | SUCCESS >>}, {@code HOST | FAILED | REASON: why >>}. Blocks never interleave, so
 * the output of three hosts reads as three pieces however the commands overlapped.
 */
final class AdHocOutput implements RunListener {

    private final PrintStream out;
    private final Map<TaskId, List<String>> lines = new ConcurrentHashMap<>();

    AdHocOutput(PrintStream out) {
        this.out = out;
    }

    @Override
    public void outputLine(PlannedTask task, String line, boolean stderr) {
        List<String> kept = lines.computeIfAbsent(task.id(), id -> new ArrayList<>());
        synchronized (kept) {
            kept.add(line);
        }
    }

    @Override
    public void taskFinished(PlannedTask task, TaskResult result) {
        List<String> kept = lines.remove(task.id());
        String head = switch (result.status()) {
            case SUCCEEDED -> "SUCCESS";
            case FAILED -> "FAILED | " + result.reason() + ": " + result.message();
            default -> result.status() + (result.message().isBlank() ? "" : " | " + result.message());
        };
        synchronized (out) {
            out.println(task.hostKey() + " | " + head + " >>");
            if (kept != null) {
                synchronized (kept) {
                    kept.forEach(out::println);
                }
            }
            out.flush();
        }
    }
}
