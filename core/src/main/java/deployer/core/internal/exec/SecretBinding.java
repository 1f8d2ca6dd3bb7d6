package deployer.core.internal.exec;

import deployer.core.exec.PlannedTask;

import deployer.core.model.Redaction;
import deployer.core.model.SecretReference;
import deployer.core.model.Task;
import deployer.core.spi.Arguments;
import deployer.core.spi.Command;
import deployer.core.spi.Secrets;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Puts secret values into a task at the last moment. A plan (and a saved tasklist, a dump, the journal's hash) holds
 * {@code ${secret:NAME}} references; validation checks every name exists. Just before a task executes, its
 * arguments get the values and a fresh command is initialized with them; its redaction masks those values in
 * everything written about the task. A task without references runs the command validation initialized.
 */
final class SecretBinding {

    /** The command to execute and what to mask in what is written about it. */
    record Bound(Command command, Redaction redaction) {
    }

    private final CommandRegistry commands;
    private final Secrets secrets;

    SecretBinding(CommandRegistry commands, Secrets secrets) {
        this.commands = commands;
        this.secrets = secrets;
    }

    Secrets secrets() {
        return secrets;
    }

    Bound bind(PlannedTask task) {
        Task t = task.task();
        Set<String> names = SecretReference.names(t.arguments());
        if (names.isEmpty() || commands == null) {
            return new Bound(task.command(), Redaction.of(t));
        }
        for (String name : names) {
            if (secrets.get(name).isEmpty()) {
                // Validation refuses this; a plan built around the Engine could still get here.
                throw new IllegalStateException(secrets.unknown(name));
            }
        }
        List<String> values = names.stream().map(n -> secrets.get(n).orElseThrow().reveal()).toList();
        Map<String, Object> resolved = new LinkedHashMap<>();
        t.arguments().forEach((k, v) -> resolved.put(k, SecretReference.replaceIn(v, n -> secrets.get(n).orElseThrow().reveal())));
        Task withValues = t.withArguments(resolved);
        Redaction redaction = Redaction.of(withValues).plus(values);
        Command command = commands.create(t.command()).orElseThrow();
        Arguments args = new Arguments(withValues, task.id(), secrets.names(), command.arguments());
        command.initialize(args);
        if (!args.problems().isEmpty()) {
            throw new IllegalStateException("with its secrets filled in: " + redaction.mask(args.problems().get(0).toString()));
        }
        return new Bound(command, redaction);
    }
}
