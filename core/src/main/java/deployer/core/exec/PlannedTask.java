package deployer.core.exec;

import deployer.core.model.HostAddress;
import deployer.core.model.Task;
import deployer.core.model.TaskId;
import deployer.core.spi.Command;

/** A task ready to run: its id, its validated and initialized command, and the host it runs on. */
public record PlannedTask(TaskId id, Task task, HostAddress host, Command command) {

    /** The key the per-host limit counts by: the task's {@code remote_host}, else {@code local}. */
    public String hostKey() {
        return host.key();
    }

    /** The task's own {@code idempotent}, else what its command declares. */
    public boolean idempotent() {
        Object own = task.arguments().get("idempotent");
        return own instanceof Boolean b ? b : command != null && command.idempotent();
    }

    public String describe() {
        return id + " " + task.command() + " on " + host.key() + (task.tag() == null ? "" : " [" + task.tag() + "]");
    }
}
