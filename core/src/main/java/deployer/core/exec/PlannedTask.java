package deployer.core.exec;

import deployer.core.internal.exec.Engine;

import deployer.core.exec.policy.TaskPolicies;
import deployer.core.exec.policy.TaskPolicy;
import deployer.core.model.HostAddress;
import deployer.core.model.Task;
import deployer.core.model.TaskId;
import deployer.core.spi.Command;

/**
 * A task ready to run: its id, its validated and initialized command, the host it runs on, and its failure policy
 * ({@code timeout}, {@code retries}, {@code retry_delay}, {@code idempotent}).
 */
public record PlannedTask(TaskId id, Task task, HostAddress host, Command command, TaskPolicy policy) {

    public PlannedTask {
        policy = policy == null ? TaskPolicy.DEFAULT : policy;
    }

    /** A task whose policy is read from its keys without checks (tests, tools; the Engine checks them). */
    public PlannedTask(TaskId id, Task task, HostAddress host, Command command) {
        this(id, task, host, command, TaskPolicies.lenient(task));
    }

    /** The key the per-host limit counts by: the task's {@code remote_host}, else {@code local}. */
    public String hostKey() {
        return host.key();
    }

    /** The task's own {@code idempotent}, else what its command declares. */
    public boolean idempotent() {
        return policy.idempotent(command != null && command.idempotent());
    }

    public String describe() {
        return id + " " + task.command() + " on " + host.key() + (task.tag() == null ? "" : " [" + task.tag() + "]");
    }
}
