package deployer.core.config;

import static deployer.core.config.ConfigKey.computed;
import static deployer.core.config.ConfigKey.optional;
import static deployer.core.config.ConfigKey.required;
import static deployer.core.config.ValueType.atLeast;
import static deployer.core.config.ValueType.flag;
import static deployer.core.config.ValueType.mapping;
import static deployer.core.config.ValueType.oneOf;
import static deployer.core.config.ValueType.strings;
import static deployer.core.config.ValueType.text;
import static deployer.core.config.ValueType.whole;

/**
 * The config keys core owns, whatever the platform: the platform itself, how SSH hosts are reached (read by
 * {@code SshSettings}) and the keys core's command-line options become ({@code --parallel}). A generator's own keys, and those
 * its own options set, come from {@link deployer.core.spi.Generator#configSchema()}. Adding a key is one line here; its readers take the default
 * from the constant, so it lives in one place.
 */
public final class CoreSchema {

    public static final ConfigKey SSH_PORT = optional("port", whole(1, 65535), 22, "port of hosts named without one");
    public static final ConfigKey SSH_IDENTITY_FILES = computed("identity_files", strings(),
            "~/.ssh/id_ed25519, id_ecdsa, id_rsa (those that exist)", "private keys to offer, in order; passphrase-protected keys are skipped with a warning");
    public static final ConfigKey SSH_KNOWN_HOSTS = optional("known_hosts", text(), "~/.ssh/known_hosts", "the known_hosts file host keys are checked against");
    public static final ConfigKey SSH_STRICT_HOST_KEY_CHECKING = optional("strict_host_key_checking", oneOf("yes", "accept-new", "no"), "yes",
            "an unknown host key: refuse (yes), record (accept-new) or accept for this run (no); a changed key is always refused");
    public static final ConfigKey SSH_CONNECT_TIMEOUT = optional("connect_timeout", whole(1, 3600), 10, "seconds to wait for a connection");
    public static final ConfigKey SSH_KEEPALIVE_INTERVAL = optional("keepalive_interval", whole(0, 3600), 15, "seconds between keepalives; 0 turns them off");
    public static final ConfigKey SSH_MAX_SESSIONS = optional("max_sessions", whole(2, 10_000), 10,
            "the servers' MaxSessions: commands at once on one connection, plus one session kept for file transfers");
    public static final ConfigKey SSH_MAX_PARALLEL_CONNECTS = optional("max_parallel_connects", whole(1, 10_000), 32,
            "SSH handshakes under way at once; the other hosts wait their turn, and their connect_timeout starts when their own handshake does");

    public static final ConfigKey SSH_CONFIG_FILE = computed("config_file", text(), "~/.ssh/config",
            "the OpenSSH client config read for Host blocks (HostName, User, Port, IdentityFile, ProxyJump…); `none` reads none");
    public static final ConfigKey SSH_PROXY_JUMP = optional("proxy_jump", text(),
            "jump host(s) every SSH host is reached through: `[user@]bastion[:port]`, a comma-separated chain, or `none`");
    public static final ConfigKey SSH_IDENTITIES_ONLY = optional("identities_only", flag(), false,
            "offer only the identity files, never the ssh-agent's keys (as OpenSSH's IdentitiesOnly)");
    public static final ConfigKey SSH_PASSPHRASE_FILE = optional("passphrase_file", text(),
            "a file holding the passphrase of the identity files (else DEPLOYER_SSH_PASSPHRASE, else a prompt on a terminal)");
    public static final ConfigKey SSH_SUDO_PASSWORD_FILE = optional("sudo_password_file", text(),
            "a file holding the password for tasks with `sudo` (else DEPLOYER_SUDO_PASSWORD; without one sudo never prompts)");
    public static final ConfigKey SSH_SUDO_PASSWORD = optional("sudo_password", text(),
            "`${secret:NAME}`: the sudo password from the environment's secrets file (DEPLOYER_SUDO_PASSWORD wins; before sudo_password_file)");

    /** {@code ssh.*}: how SSH hosts are reached, in OpenSSH's conventions. */
    public static final MapSchema SSH = MapSchema.of(SSH_PORT, SSH_IDENTITY_FILES, SSH_KNOWN_HOSTS,
            SSH_STRICT_HOST_KEY_CHECKING, SSH_CONNECT_TIMEOUT, SSH_KEEPALIVE_INTERVAL, SSH_MAX_SESSIONS, SSH_MAX_PARALLEL_CONNECTS,
            SSH_CONFIG_FILE, SSH_PROXY_JUMP, SSH_IDENTITIES_ONLY, SSH_PASSPHRASE_FILE, SSH_SUDO_PASSWORD_FILE, SSH_SUDO_PASSWORD);

    public static final ConfigKey PLATFORM = required("platform", text(), "picks the generator; `build-tasklist --explain-config PLATFORM` lists its keys");
    public static final ConfigKey USER = computed("user", ValueType.loginName(), "the local user", "SSH login user when a task has no remote_user");
    /** Also what {@code --parallel N} becomes; the option is checked against this declaration's range. */
    public static final ConfigKey DEPLOY_CONCURRENCY = computed("deploy_concurrency", atLeast(1), "set by the platform", "tasks at once in a deploy stage (`--parallel N`)");
    public static final ConfigKey DNS_SUFFIX = optional("dns_suffix", text(), "appended to host names with fewer than three dots: be001 → be001.example.com");

    public static final ConfigKey CARBON_PORT = optional("carbon_port", whole(1, 65535), 2003, "carbon's plaintext port");
    /**
     * {@code graphite.*}: where metrics go. Core sends each deploy's run metrics (durations per stage and service, task
     * counts); platforms may add their own markers (the tarball platform's deploy start/end).
     */
    public static final MapSchema GRAPHITE = MapSchema.of(
            required("carbon_host", text(), "where run metrics (and the platform's start/end markers) go; an outage only warns"),
            CARBON_PORT,
            optional("metric_prefix", text(), "put before every metric name"));
    public static final ConfigKey SECRETS_KEY_FILE = optional("secrets_key_file", text(),
            "the file holding the key (or passphrase) of secrets/ENV.yaml.enc, relative to the config (--secrets-key-file,"
                    + " DEPLOYER_SECRETS_KEY and DEPLOYER_SECRETS_PASSPHRASE win); keep it out of the repository");

    /** The top-level keys every platform accepts. */
    public static final MapSchema TOP = MapSchema.of(
            PLATFORM,
            USER,
            DNS_SUFFIX,
            optional("ssh", mapping(SSH), "how SSH hosts are reached (see `ssh.*`)"),
            optional("graphite", mapping(GRAPHITE), "send run metrics and deploy start/end markers to carbon (see `graphite.*`)"),
            // What core's command-line options become (a platform's own options set keys of its own schema):
            DEPLOY_CONCURRENCY,
            SECRETS_KEY_FILE);

    private CoreSchema() {
    }

    /** Everything a config of a platform may hold: core's keys and the generator's. */
    public static MapSchema forPlatform(MapSchema generatorKeys) {
        return TOP.plus(generatorKeys);
    }
}
