package deployer.core.internal.host.ssh;

import deployer.core.config.Config;
import deployer.core.config.CoreSchema;
import deployer.core.model.InvalidInputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * How this run reaches SSH hosts, read from the config in OpenSSH's conventions. Every key is optional:
 * <pre>
 * user: deploy                      # login user when a task has no remote_user (default: the local user)
 * dns_suffix: example.com           # appended to short host names: be001 → be001.example.com
 * ssh:
 *   port: 22
 *   identity_files: [~/.ssh/deploy_ed25519]   # default: ~/.ssh/id_ed25519, id_ecdsa, id_rsa (those that exist)
 *   known_hosts: ~/.ssh/known_hosts
 *   strict_host_key_checking: yes   # yes | accept-new | no
 *   connect_timeout: 10             # seconds
 *   keepalive_interval: 15          # seconds; 0 turns keepalives off
 *   max_sessions: 10                # the servers' MaxSessions
 *   max_parallel_connects: 32       # handshakes at once; the other hosts queue (their timeout starts with their turn)
 *   config_file: ~/.ssh/config      # OpenSSH client config to honour; none turns it off
 *   proxy_jump: jump@bastion:22     # jump host(s) for every host, as ProxyJump; none overrides ssh_config
 *   identities_only: false          # true: only the identity files, not the keys of ssh-agent
 *   passphrase_file: ~/.deploy-pass # passphrase of encrypted keys (else DEPLOYER_SSH_PASSPHRASE, else a prompt)
 *   sudo_password_file: ~/.sudo-pw  # password for tasks with sudo (else DEPLOYER_SUDO_PASSWORD, else sudo -n)
 * </pre>
 * A value set here wins over ssh_config for every host; a value left out lets ssh_config decide per host.
 *
 * @param identityFiles private keys to offer, in order; passphrase-protected keys are skipped with a warning
 * @param maxSessions   sessions one connection may have open at once (OpenSSH MaxSessions); one is kept for SFTP
 * @param maxParallelConnects handshakes (connect, key exchange, login) under way at once; the others wait their turn
 */
public record SshSettings(String defaultUser, int defaultPort, List<Path> identityFiles, Path knownHosts,
                          StrictHostKeyChecking strictHostKeyChecking, Duration connectTimeout,
                          Duration keepaliveInterval, int maxSessions, String dnsSuffix,
                          Path sshConfigFile, String proxyJump, boolean identitiesOnly, Set<String> explicit,
                          int maxParallelConnects) {

    /** Keys a config can set that ssh_config could also decide; those set win over ssh_config. */
    public static final Set<String> OVERRIDABLE = Set.of("user", "port", "identity_files", "known_hosts",
            "strict_host_key_checking", "connect_timeout", "keepalive_interval", "proxy_jump", "identities_only");

    public static final int DEFAULT_MAX_SESSIONS = (int) CoreSchema.SSH_MAX_SESSIONS.longDefault();
    public static final int DEFAULT_MAX_PARALLEL_CONNECTS = (int) CoreSchema.SSH_MAX_PARALLEL_CONNECTS.longDefault();
    private static final String SSH = "ssh";
    private static final List<String> DEFAULT_IDENTITIES = List.of("id_ed25519", "id_ecdsa", "id_rsa");

    /** Settings given in full (every value wins, no ssh_config), as tests and library users build them. */
    public SshSettings(String defaultUser, int defaultPort, List<Path> identityFiles, Path knownHosts,
                       StrictHostKeyChecking strictHostKeyChecking, Duration connectTimeout,
                       Duration keepaliveInterval, int maxSessions, String dnsSuffix) {
        this(defaultUser, defaultPort, identityFiles, knownHosts, strictHostKeyChecking, connectTimeout,
                keepaliveInterval, maxSessions, dnsSuffix, null, null, false, OVERRIDABLE, DEFAULT_MAX_PARALLEL_CONNECTS);
    }

    /** These settings with another bound on handshakes at once. */
    public SshSettings withMaxParallelConnects(int n) {
        return new SshSettings(defaultUser, defaultPort, identityFiles, knownHosts, strictHostKeyChecking, connectTimeout,
                keepaliveInterval, maxSessions, dnsSuffix, sshConfigFile, proxyJump, identitiesOnly, explicit, n);
    }

    public SshSettings {
        identityFiles = List.copyOf(identityFiles);
        explicit = Set.copyOf(explicit);
        if (proxyJump != null) {
            ProxyJump.parse(proxyJump);
        }
        dnsSuffix = dnsSuffix == null || dnsSuffix.isBlank() ? null : stripDots(dnsSuffix.trim());
        if (maxSessions < 2) {
            throw new IllegalArgumentException("maxSessions must be at least 2 (one is kept for SFTP), got " + maxSessions);
        }
        if (maxParallelConnects < 1) {
            throw new IllegalArgumentException("maxParallelConnects must be at least 1, got " + maxParallelConnects);
        }
    }

    /** Reads the settings; a bad value is an error located where it was written. */
    public static SshSettings from(Config config) throws InvalidInputException {
        String user = config.string(CoreSchema.USER.name()).orElse(System.getProperty("user.name"));
        int port = (int) config.whole(CoreSchema.SSH_PORT, SSH);
        List<Path> identities = identityFiles(config);
        Path knownHosts = config.file(config.text(CoreSchema.SSH_KNOWN_HOSTS, SSH));
        String strictValue = config.text(CoreSchema.SSH_STRICT_HOST_KEY_CHECKING, SSH);
        StrictHostKeyChecking strict = StrictHostKeyChecking.parse(strictValue).orElseThrow(() -> config.error(
                "expected yes, accept-new or no, got '" + strictValue + "'", SSH, CoreSchema.SSH_STRICT_HOST_KEY_CHECKING.name()));
        Duration connectTimeout = Duration.ofSeconds(config.whole(CoreSchema.SSH_CONNECT_TIMEOUT, SSH));
        Duration keepalive = Duration.ofSeconds(config.whole(CoreSchema.SSH_KEEPALIVE_INTERVAL, SSH));
        int maxSessions = maxSessions(config);
        int maxParallelConnects = (int) config.whole(CoreSchema.SSH_MAX_PARALLEL_CONNECTS, SSH);
        String suffix = config.text(CoreSchema.DNS_SUFFIX);
        Optional<String> configFile = config.string("ssh", "config_file");
        // As ssh -F none: no client config at all.
        Path sshConfigFile = configFile.isEmpty() ? home().resolve(".ssh").resolve("config")
                : configFile.get().equalsIgnoreCase("none") ? null : config.file(configFile.get());
        if (config.has("ssh", "config_file") && sshConfigFile != null && !Files.isReadable(sshConfigFile)) {
            throw config.error("ssh client config " + sshConfigFile + " does not exist or cannot be read", "ssh", "config_file");
        }
        String proxyJump = config.string("ssh", "proxy_jump").orElse(null);
        if (proxyJump != null) {
            try {
                ProxyJump.parse(proxyJump);
            } catch (IllegalArgumentException e) {
                throw config.error(e.getMessage(), "ssh", "proxy_jump");
            }
        }
        boolean identitiesOnly = config.bool(false, "ssh", "identities_only");
        if (identities.isEmpty() && identitiesOnly && config.has(SSH, CoreSchema.SSH_IDENTITY_FILES.name())) {
            throw config.error("identity_files: [] offers no key file and identities_only: true refuses the ssh-agent's keys;"
                    + " no key would be left to log in with", SSH, CoreSchema.SSH_IDENTITIES_ONLY.name());
        }
        Set<String> explicit = new HashSet<>();
        if (config.has("user")) {
            explicit.add("user");
        }
        for (String key : OVERRIDABLE) {
            if (config.has("ssh", key)) {
                explicit.add(key);
            }
        }
        return new SshSettings(user, port, identities, knownHosts, strict, connectTimeout, keepalive, maxSessions, suffix,
                sshConfigFile, proxyJump, identitiesOnly, explicit, maxParallelConnects);
    }

    /** Whether the deployer config set this key (so it wins over ssh_config). */
    public boolean isExplicit(String key) {
        return explicit.contains(key);
    }

    /** {@code ssh.max_sessions}: what the servers allow on one connection (OpenSSH MaxSessions, default 10). */
    public static int maxSessions(Config config) throws InvalidInputException {
        return (int) config.whole(CoreSchema.SSH_MAX_SESSIONS, SSH);
    }

    /** Host name to connect to: short names (fewer than 3 dots, not an IP address) get the DNS suffix. */
    public String qualify(String hostname) {
        if (dnsSuffix == null || isIpAddress(hostname) || hostname.equalsIgnoreCase("localhost")
                || hostname.endsWith("." + dnsSuffix) || hostname.chars().filter(c -> c == '.').count() >= 3) {
            return hostname;
        }
        return hostname + "." + dnsSuffix;
    }

    private static boolean isIpAddress(String host) {
        return host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private static List<Path> identityFiles(Config config) throws InvalidInputException {
        if (config.has(SSH, CoreSchema.SSH_IDENTITY_FILES.name())) {
            List<Path> files = new ArrayList<>();
            // An empty list is OpenSSH's `IdentityFile none`: no key files, the ssh-agent's keys only.
            for (String f : config.strings("ssh", "identity_files")) {
                Path p = config.file(f);
                if (!Files.isReadable(p)) {
                    throw config.error("identity file " + p + " does not exist or cannot be read", "ssh", "identity_files");
                }
                files.add(p);
            }
            return files;
        }
        Path dir = home().resolve(".ssh");
        return DEFAULT_IDENTITIES.stream().map(dir::resolve).filter(Files::isReadable).toList();
    }

    static Path expandHome(String path) {
        if (path.equals("~")) {
            return home();
        }
        return path.startsWith("~/") ? home().resolve(path.substring(2)) : Path.of(path);
    }

    private static Path home() {
        return Path.of(System.getProperty("user.home"));
    }

    private static String stripDots(String suffix) {
        String s = suffix;
        while (s.startsWith(".")) {
            s = s.substring(1);
        }
        while (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}
