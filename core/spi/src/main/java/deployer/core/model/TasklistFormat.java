package deployer.core.model;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The keys of the tasklist format, declared once: the reader checks a tasklist with them ({@code TasklistReader},
 * {@code TaskPolicies}) and {@code build-tasklist --schema} prints the JSON Schema generated from them
 * ({@code TasklistSchema}), so that what an editor suggests and what the deployer accepts cannot drift apart.
 * Rules that tie keys together (a budget needs {@code on_failure: continue}, {@code retries} needs idempotent work)
 * stay in the reader's code; the schema says them in words.
 */
public final class TasklistFormat {

    /** What a key's value may be. */
    public sealed interface Type {
    }

    /** A string; {@code nonEmpty}: not blank. */
    public record Text(boolean nonEmpty) implements Type {
    }

    /** A whole number within [min, max]. */
    public record Whole(long min, long max) implements Type {
    }

    /** A number of seconds (whole or decimal) up to {@code max}; 0 allowed only when {@code zeroAllowed}. */
    public record Seconds(boolean zeroAllowed, long max) implements Type {
    }

    public record Flag() implements Type {
    }

    /** One of a few strings. */
    public record Choice(List<String> values) implements Type {
        public Choice {
            values = List.copyOf(values);
        }
    }

    /** An array of strings (argument names). */
    public record Names() implements Type {
    }

    /** The array of stages of a tasklist. */
    public record Stages() implements Type {
    }

    /** The array of a stage's tasks and chains (a chain: an array of tasks run in order). */
    public record Tasks() implements Type {
    }

    /** The array of hosts the generator left out at planning, each {@code {host, service, why}}. */
    public record SkippedHosts() implements Type {
    }

    /** One key of an object of the format. */
    public record Key(String name, Type type, boolean required, String description) {
    }

    // The tasklist

    public static final Key TASKLIST_NAME = new Key("name", new Text(true), true, "The tasklist's name, shown in logs and reports.");
    public static final Key STAGES = new Key("stages", new Stages(), true, "The stages, run one after the other.");
    public static final Key SKIPPED_HOSTS = new Key("skipped_hosts", new SkippedHosts(), false,
            "Hosts the generator left out of the plan (e.g. already at the version), each with host, service and why; shown in reports.");
    public static final List<Key> TASKLIST = List.of(TASKLIST_NAME, STAGES, SKIPPED_HOSTS);

    // A host skipped at planning

    public static final List<Key> SKIPPED_HOST = List.of(
            new Key("host", new Text(true), true, "The host left out of the plan."),
            new Key("service", new Text(true), true, "The service it was left out for."),
            new Key("why", new Text(true), true, "Why, in words for the reader of a report (e.g. already at the version)."));

    // A stage

    public static final Key STAGE_NAME = new Key("name", new Text(true), true, "The stage's name, shown in logs and reports.");
    public static final Key CONCURRENCY = new Key("concurrency", new Whole(1, Integer.MAX_VALUE), true,
            "How many tasks of the stage run at once.");
    public static final Key CONCURRENCY_PER_HOST = new Key("concurrency_per_host", new Whole(1, Integer.MAX_VALUE), false,
            "How many tasks run at once on one host (a task's host is its remote_host, else local); default: no limit but concurrency.");
    public static final Key TASKS = new Key("tasks", new Tasks(), true,
            "The stage's tasks; an array inside it is a chain whose tasks run in order.");
    public static final Key ALWAYS = new Key("always", new Flag(), false,
            "Run this stage even after a failure, a stop or an abort (finishing work such as releasing locks).");
    public static final Key WHEN = new Key("when", new Choice(List.of("failed")), false,
            "\"failed\": a finishing stage (implies always) that runs only when the run failed, was stopped or aborted"
                    + " (on_failure hooks); skipped after a run that went well.");
    public static final Key ON_FAILURE = new Key("on_failure", new Choice(List.of("stop", "continue")), false,
            "What a failed task means: stop (the default) halts the run; continue drops the failed host and goes on"
                    + " within the failure budget (max_failures or max_fail_percentage, one of which is then required).");
    public static final Key MAX_FAILURES = new Key("max_failures", new Whole(0, Integer.MAX_VALUE), false,
            "With on_failure continue: how many hosts of the rollout may fail before the run stops.");
    public static final Key MAX_FAIL_PERCENTAGE = new Key("max_fail_percentage", new Whole(0, 100), false,
            "With on_failure continue: the percentage of the rollout's hosts that may fail before the run stops.");
    public static final Key ROLLOUT = new Key("rollout", new Text(true), false,
            "The name of the rollout this stage is a batch of; its stages share one failure budget.");
    public static final List<Key> STAGE = List.of(STAGE_NAME, CONCURRENCY, CONCURRENCY_PER_HOST, TASKS, ALWAYS, WHEN, ON_FAILURE,
            MAX_FAILURES, MAX_FAIL_PERCENTAGE, ROLLOUT);

    // A task: the keys the engine owns; every other key is an argument of the task's command

    public static final Key COMMAND = new Key("command", new Text(true), true, "The command to run (e.g. upload, start_service).");
    public static final Key REMOTE_HOST = new Key("remote_host", new Text(false), false,
            "Where the task runs: absent, local or local:NAME run on this machine; host or host:port over SSH.");
    public static final Key REMOTE_USER = new Key("remote_user", new Text(false), false, "The SSH user for this task.");
    public static final Key TAG = new Key("tag", new Text(false), false, "The service this task is about, shown in logs.");
    public static final Key SENSITIVE = new Key("sensitive", new Names(), false,
            "Names of arguments whose values are never shown (logs, saved plans, reports).");
    public static final Key NO_LOG = new Key("no_log", new Flag(), false, "Show none of this task's argument values nor its output.");
    public static final Key SUDO = new Key("sudo", new Flag(), false, "Run the task's command lines through sudo (as root).");
    public static final Key SUDO_USER = new Key("sudo_user", new Text(false), false, "Run the task's command lines through sudo as this user.");
    public static final List<Key> TASK = List.of(COMMAND, REMOTE_HOST, REMOTE_USER, TAG, SENSITIVE, NO_LOG, SUDO, SUDO_USER);

    // A task's failure policy: read by the engine, kept beside the arguments, never handed to the command

    public static final Key TIMEOUT = new Key("timeout", new Seconds(false, 7 * 86_400), false,
            "Seconds after which the task is ended and fails with TIMEOUT.");
    public static final Key RETRIES = new Key("retries", new Whole(0, 100), false,
            "How many times a failed attempt is run again (needs idempotent work).");
    public static final Key RETRY_DELAY = new Key("retry_delay", new Seconds(true, 3_600), false,
            "Seconds to wait before a retry (needs retries).");
    public static final Key IDEMPOTENT = new Key("idempotent", new Flag(), false,
            "Whether running the task twice is safe; overrides what its command declares.");
    public static final List<Key> TASK_POLICY = List.of(TIMEOUT, RETRIES, RETRY_DELAY, IDEMPOTENT);

    private TasklistFormat() {
    }

    public static Set<String> names(List<Key> keys) {
        return keys.stream().map(Key::name).collect(Collectors.toUnmodifiableSet());
    }
}
