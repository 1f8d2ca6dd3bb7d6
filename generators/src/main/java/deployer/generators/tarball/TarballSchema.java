package deployer.generators.tarball;

import deployer.core.config.ConfigKey;
import deployer.core.config.MapSchema;
import deployer.core.config.ValueType;

import static deployer.core.config.ConfigKey.computed;
import static deployer.core.config.ConfigKey.optional;
import static deployer.core.config.ConfigKey.required;
import static deployer.core.config.ValueType.anyOf;
import static deployer.core.config.ValueType.atLeast;
import static deployer.core.config.ValueType.entries;
import static deployer.core.config.ValueType.flag;
import static deployer.core.config.ValueType.listOf;
import static deployer.core.config.ValueType.mapping;
import static deployer.core.config.ValueType.oneOf;
import static deployer.core.config.ValueType.strings;
import static deployer.core.config.ValueType.text;
import static deployer.core.config.ValueType.whole;

/**
 * The config keys of {@code platform: tarball}, on top of core's (platform, user, dns_suffix, ssh.*, deploy_concurrency),
 * the keys its command-line options set ({@link TarballOptions}) among them. Declared once: {@link TarballConfig} reads them with these defaults, the CLI checks configs
 * against them, and {@code --explain-config tarball} and CONFIG.md are generated from them. Adding a key is one line.
 */
final class TarballSchema {

    private static final String TEMPLATE = "shell template run on the host ({servicename} {port} {hostname} {version} {install_location})";
    private static final long DAY = 86_400;

    static final ConfigKey KEEP_VERSIONS = optional("keep_versions", atLeast(1), 5, "releases kept per service and host by the cleanup (never the current one)");
    static final ConfigKey NON_DEPLOY_CONCURRENCY = optional("non_deploy_concurrency", atLeast(1), 10, "tasks at once in the other stages (upload, unpack, cleanup…)");
    static final ConfigKey LOCK_TTL = optional("lock_ttl", whole(3, DAY), 600,
            "seconds a deploy lease lasts unless renewed; a running deploy renews it every third of that");
    static final ConfigKey LOCK_WAIT = optional("lock_wait", whole(0, DAY), 0,
            "seconds to wait for another run's deploy lock before failing (`--lock-wait SECONDS`)");
    static final ConfigKey NO_LOCK = optional("no_lock", flag(), false, "take no deploy locks: plans without the lock stages (`--no-lock`)");
    static final ConfigKey ALLOW_DOWNGRADE = optional("allow_downgrade", flag(), false,
            "deploy even to hosts that run a newer release than the package (by their release history), with a warning each"
                    + " (`--allow-downgrade`); without it such a deploy is refused");
    static final ConfigKey INVENTORY = optional("inventory", anyOf(text(), strings()),
            "Ansible inventory sources whose groups are host groups (`--inventory PATH…`): INI or YAML files, directories of them,"
                    + " or executables printing dynamic-inventory JSON; relative to the config file; ansible_host, ansible_port and"
                    + " ansible_user address the hosts; later sources win");
    static final ConfigKey INVENTORY_TIMEOUT = optional("inventory_timeout", whole(1, DAY), 30,
            "seconds a dynamic inventory may run (each --list or --host) before the run stops with an error");
    // What the platform's command-line options set (TarballOptions); an option the user typed wins over the config.
    static final ConfigKey TARGET_HOSTS = optional("target_hosts", strings(), "only these hosts (`--hosts`)");
    static final ConfigKey TARGET_HOSTGROUPS = optional("target_hostgroups", strings(), "only these host groups (`--hostgroups`)");
    static final ConfigKey TARGET_CATEGORIES = optional("target_categories", strings(), "only services of these categories (`--categories`)");
    static final ConfigKey REDEPLOY = optional("redeploy", flag(), false, "deploy even to hosts already at the version (`--redeploy`)");
    static final ConfigKey IGNORE_LB = optional("ignore_lb", flag(), false, "skip the load balancer steps (`--ignore-lb`)");
    static final ConfigKey FORCE = optional("force", flag(), false, "deploy to hosts even where the service is not configured (`--force`)");
    static final ConfigKey ROLLBACK = optional("rollback", text(), "switch this service back to the release that was current before (`--rollback SERVICE`)");
    static final ConfigKey ROLLBACK_TO = optional("rollback_to", text(), "with rollback: switch to this installed release instead (`--to VERSION`)");
    static final ConfigKey NOTIFY_TIMEOUT = optional("timeout", whole(1, 60), 5, "seconds one attempt to post may take (connect and answer)");
    static final ConfigKey NOTIFY_RETRIES = optional("retries", whole(0, 10), 2, "attempts after a failed one (a refused connection, a timeout, HTTP 5xx or 429)");

    static final MapSchema NOTIFY = MapSchema.of(
            required("url", text(), "the webhook a JSON message is posted to at the start and end of a run (Slack-style: its `text` is shown as is); "
                    + "sensitive: it is masked in logs, dumps and reports; a message that cannot be delivered only warns"),
            NOTIFY_TIMEOUT,
            NOTIFY_RETRIES);

    static final MapSchema HOOK = MapSchema.of(
            required("run", text(), "the command line, run by sh; the run's facts are in environment variables DEPLOY_* (see docs/hooks-and-notifications.md), never in the text"),
            optional("on", oneOf("local", "hosts"), "local", "local: once on the controller; hosts: on every target host (of the service, for a service's hook)"),
            optional("timeout", whole(1, DAY), "seconds the hook may take before it fails TIMEOUT (default: the engine's)"));

    static final MapSchema HOOKS = MapSchema.of(
            optional("before_deploy", listOf(mapping(HOOK)), "run in order before any host changes; a failure stops the deploy"),
            optional("after_deploy", listOf(mapping(HOOK)), "run in order after a deploy went well; a failure fails the run, undoes nothing"),
            optional("on_failure", listOf(mapping(HOOK)), "run in order when the run failed, was stopped or aborted (DEPLOY_RESULT says which)"),
            optional("after_rollback", listOf(mapping(HOOK)), "run in order after a rollback went well; a failure fails the run, undoes nothing"));


    static final String ON_FAILURE_TEXT = "what a failed deploy batch or gate does: stop (hosts stay where they are) or rollback (every host"
            + " this run switched goes back to the release it ran before, in reverse batch order, through the deploy's chain;"
            + " not after an operator's stop, abort or a gate answered abort)";

    /** A duration: 10s, 5m, 1h, 1m30s, or a whole number of seconds ({@link Durations}). */
    private static final ValueType DURATION = anyOf(text(), whole(0, DAY * 7));

    static final MapSchema HTTP_GATE = MapSchema.of(
            required("url", text(), "probed for each host of the batch, from this machine; may use {host} {servicename} {version}"),
            optional("expect", whole(100, 599), 200, "the HTTP status every answer must have"),
            optional("body_contains", text(), "text every answer's body must contain"),
            optional("every", DURATION, "10s", "time between two probes of a host"),
            optional("for", DURATION, "2m", "how long the probes go on; at least `every`"));

    static final MapSchema COMMAND_GATE = MapSchema.of(
            required("run", text(), "the command line, run by sh, with the run's facts in DEPLOY_* variables as hooks get them; exit 0 passes"),
            optional("on", oneOf("local", "hosts"), "local", "local: once on the controller; hosts: on each host of the batch"),
            optional("timeout", DURATION, "seconds (or 10s, 5m…) it may take before it fails TIMEOUT (default: the engine's)"));

    static final MapSchema PROMETHEUS_GATE = MapSchema.of(
            required("url", text(), "Prometheus's base URL (http://prometheus:9090); the gate asks its HTTP API /api/v1/query"),
            required("query", text(), "a PromQL instant query; may use {servicename} {version} {hosts} (the batch's host names as a regex alternation: instance=~\"({hosts}):.*\")"),
            optional("max", ValueType.number(), "the highest value allowed (one of max and min at least)"),
            optional("min", ValueType.number(), "the lowest value allowed"),
            optional("every", DURATION, "15s", "time between two queries"),
            optional("for", DURATION, "2m", "how long the queries go on; at least `every`"));

    static final MapSchema APPROVE_GATE = MapSchema.of(
            optional("timeout", DURATION, "how long to wait for an answer (30m, 2h…); needs `then`"),
            optional("then", oneOf("continue", "rollback", "abort"), "the answer when nobody gave one within `timeout`"));

    static final MapSchema GATE = MapSchema.of(
            optional("pause", DURATION, "wait this long (5m, 30s…), then go on; Ctrl-C stops the wait and the rollout"),
            optional("approve", anyOf(ValueType.flag(), mapping(APPROVE_GATE)), "wait for a person: `true`, or {timeout, then};"
                    + " answered at the deploy's terminal prompt or with `deploy approve|rollback|abort RUN_ID` (see `gates[].approve.*`)"),
            optional("http", mapping(HTTP_GATE), "keep probing each host of the batch for a while; any other answer fails the gate (see `gates[].http.*`)"),
            optional("command", mapping(COMMAND_GATE), "a command's exit status (see `gates[].command.*`)"),
            optional("prometheus", mapping(PROMETHEUS_GATE), "a PromQL query whose every value stays within max/min for a while (see `gates[].prometheus.*`)"));

    static final MapSchema BATCH = MapSchema.of(
            required("size", anyOf(whole(1, Integer.MAX_VALUE), text()), "hosts that have the release after this batch: a count or a percentage (\"10%\")"),
            optional("gates", listOf(mapping(GATE)), "the gates after this batch instead of the service's (`[]`: none); also after the last batch"));

    private static final ValueType BATCHES = listOf(anyOf(whole(1, Integer.MAX_VALUE), text(), mapping(BATCH)));
    private static final String BATCHES_TEXT = "deploy batches, cumulative: how many of the service's restarted hosts have the release after each"
            + " (a count, or a percentage rounded down, at least 1: [1, \"10%\", \"50%\", \"100%\"]); hosts left after the last go in one more batch;"
            + " a batch that would leave fewer than min_nodes_up hosts up is split; a batch may be {size, gates}";
    private static final String GATES_TEXT = "checks after every deploy batch but the last, before the next starts: {pause: 5m}, {approve: true}, {http: {…}},"
            + " {command: {…}}, {prometheus: {…}}; a failing gate stops the rollout (see `gates[].*`)";

    static final MapSchema HOSTGROUP = MapSchema.of(
            required("hosts", ValueType.hosts(), "the group's hosts: `host`, `host:port`, `local` or `local:NAME`"));

    static final MapSchema HEALTH_CHECK = MapSchema.of(
            optional("command", text(), "a " + TEMPLATE + "; healthy when it exits 0"),
            optional("url", text(), "an http(s) URL template checked from this machine; healthy on a 2xx answer"));

    /** A template value: a string, number, true/false or list of strings; or a mapping of those ({{db.host}}). */
    private static final ValueType TEMPLATE_LEAF = anyOf(text(), whole(Long.MIN_VALUE, Long.MAX_VALUE), flag(), strings());
    static final ValueType TEMPLATE_VALUES = entries("template value", anyOf(TEMPLATE_LEAF, entries("template value", TEMPLATE_LEAF)));

    static final MapSchema CONFIG_TEMPLATE = MapSchema.of(
            required("src", text(), "the Mustache template, relative to the config file"),
            required("dest", text(), "where it is rendered, relative to the release directory (e.g. conf/app.properties)"),
            optional("mode", text(), "0644", "octal mode of the rendered file, as a string; never wider than the src file's own (refused)"),
            optional("owner", text(), "USER or USER:GROUP of the rendered file (needs the rights to chown)"),
            optional(ConfigTemplate.ALLOW_OUTSIDE, flag(), false, "allow a src outside the config file's directory tree (refused otherwise)"));

    static final MapSchema SERVICE = MapSchema.of(
            computed("hostgroups", strings(), "(one of hostgroups/hosts is needed)", "the host groups the service runs on"),
            computed("hosts", strings(), "(one of hostgroups/hosts is needed)", "same as hostgroups (the form of the spec's conf/test.yaml)"),
            optional("category", text(), "for --categories, and pulls in `<category>_defaults`"),
            optional("port", anyOf(whole(1, 65535), text()), "the service's port (fills {port}): a number, or text with placeholders"),
            required("install_location", text(), "absolute directory on each host: releases go to <install_location>/<service>_<version>, <install_location>/<service> links the current one; may use {hostname} {shorthostname}"),
            computed("unpack_dir", text(), "<install_location>/.deployer-tmp", "absolute directory where packages are uploaded and unpacked"),
            optional("stop_command", text(), TEMPLATE + " that stops the service"),
            optional("start_command", text(), TEMPLATE + " that starts the service"),
            optional("check_command", text(), TEMPLATE + " that exits 0 while the service runs"),
            optional("reload_command", text(), TEMPLATE + " that reloads the service"),
            optional("health_check", anyOf(text(), mapping(HEALTH_CHECK)),
                    "after start: a URL template (http:// or https://) or a shell template; or a mapping with exactly one of command, url"),
            optional("lb_disable_command", text(), TEMPLATE + " that takes the host out of the load balancer (needs lb_enable_command)"),
            optional("lb_enable_command", text(), TEMPLATE + " that puts the host back (needs lb_disable_command)"),
            optional("lb_check_command", text(), TEMPLATE + " that exits 0 once the load balancer reached the state"),
            optional("migration_command", text(), TEMPLATE + " run once per deploy, on the first host, before any host switches,"
                    + " in the new release's directory (relative paths are the release's: `sh db/migrate`)"),
            optional("migration_if_exists", text(), "run the migration only when this path exists in the new release (a relative path is looked for in it)"),
            computed("control_timeout", whole(1, DAY), "60", "seconds a stop/start may take"),
            computed("check_timeout", whole(1, DAY), "60", "seconds the check and health check may take"),
            computed("lb_timeout", whole(1, DAY), "60", "seconds the load balancer may take to settle"),
            optional("max_fail_percentage", whole(0, 100), "hosts of one deploy (all its batches) that may fail, in percent, before it stops: the failed hosts drop out and the others go on (`on_failure: continue`); unset: the first failure stops the deploy; services deployed side by side get the strictest of theirs"),
            computed("min_nodes_up", whole(0, Integer.MAX_VALUE), "1 with two or more hosts, else 0", "hosts of the service that stay up during a deploy (deploy batches are sized to keep them)"),
            computed("enabled_on_hosts", strings(), "every host", "the hosts that run the service; the others only get the files"),
            computed("remote_user", ValueType.loginName(), "`user`", "SSH login user for this service's tasks"),
            optional("batches", BATCHES, BATCHES_TEXT + "; over the top-level batches"),
            optional("gates", listOf(mapping(GATE)), GATES_TEXT + "; over the top-level gates"),
            optional("on_failure", oneOf("stop", "rollback"), "stop", ON_FAILURE_TEXT + "; over the top-level on_failure"),
            optional("hooks", mapping(HOOKS), "this service's hooks, run after the top-level ones of the same event (see `hooks.*`)"),
            optional("depends_on", strings(), "services deployed before this one: without deployment_order, deploy steps follow these (services that do not depend on each other side by side); a cycle, an unknown service or a deployment_order against them is an error"),
            optional("templates", listOf(mapping(CONFIG_TEMPLATE)), "config files rendered (Mustache, strict) into each host's new release after unpack, before the switch (see `service.*.templates.*`)"),
            optional("template_values", TEMPLATE_VALUES, "values for this service's templates, over the top-level template_values; built in: servicename, hostname, shorthostname, version, install_location, release_dir, port"),
            optional("release", mapping(ReleaseSourceSchema.RELEASE), "where the service's package comes from when no local package of it is given (see `service.*.release.*`)"));

    static final MapSchema TOP = MapSchema.of(
            optional("tarballs", text(), "directory of packages deployed when neither --component nor --directory is given (relative to the config file)"),
            KEEP_VERSIONS,
            computed("deploy_concurrency_per_host", atLeast(1), "no per-host limit", "tasks at once on one host in a deploy stage"),
            NON_DEPLOY_CONCURRENCY,
            LOCK_TTL,
            LOCK_WAIT,
            NO_LOCK,
            ALLOW_DOWNGRADE,
            computed("non_deploy_concurrency_per_host", atLeast(1), "no per-host limit", "tasks at once on one host in the other stages"),
            optional("batches", BATCHES, BATCHES_TEXT + "; for every service without its own"),
            optional("gates", listOf(mapping(GATE)), GATES_TEXT + "; for every service without its own"),
            optional("on_failure", oneOf("stop", "rollback"), "stop", ON_FAILURE_TEXT + "; for every service without its own"),
            optional("hooks", mapping(HOOKS), "commands run before and after a deploy or rollback and on failure (see `hooks.*`)"),
            optional("notify", mapping(NOTIFY), "post a JSON message to a webhook at the start and end of each run (see `notify.*`)"),
            optional("hostgroup", entries("host group", anyOf(ValueType.hosts(), mapping(HOSTGROUP))),
                    "host groups: a list of hosts, or a mapping with `hosts`"),
            INVENTORY,
            INVENTORY_TIMEOUT,
            required("service", entries("service", mapping(SERVICE)), "the services to release, by name (letters, digits, '.', '_', '-')"),
            optional("template_values", TEMPLATE_VALUES, "values for every service's templates (a service's own template_values win)"),
            optional("deployment_order", listOf(anyOf(text(), strings())),
                    "services in deploy order; a nested list deploys its services side by side"),
            TARGET_HOSTS,
            TARGET_HOSTGROUPS,
            TARGET_CATEGORIES,
            REDEPLOY,
            IGNORE_LB,
            FORCE,
            ROLLBACK,
            ROLLBACK_TO,
            ReleaseSourceSchema.SET_VERSION);

    private TarballSchema() {
    }
}
