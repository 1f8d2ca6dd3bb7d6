package deployer.core.testing;

import deployer.core.internal.host.ssh.SshConnector;
import deployer.core.internal.host.ssh.SshHost;
import deployer.core.internal.host.ssh.SshSettings;
import deployer.core.internal.host.ssh.StrictHostKeyChecking;
import deployer.core.model.HostAddress;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Real OpenSSH servers for end-to-end tests: {@code /usr/sbin/sshd -D} processes with their own config, host
 * keys and authorized_keys under a temporary directory, listening on the loopback addresses 127.0.0.2,
 * 127.0.0.3, … (each address is a separate host to the deployer) on a free port. One sshd serves at most 16
 * addresses (OpenSSH's MAX_LISTEN_SOCKS). Clients log in as a dedicated user with {@code /bin/sh} as shell
 * ({@value #USER}, created when missing; root's login files here add 0.65 s to every command), or as the
 * current user when the tests do not run as root.
 *
 * <p>Use as {@code @RegisterExtension static OpenSshServers ssh = OpenSshServers.hosts(3);}. Every sshd is
 * stopped by its pid after the test class, and by a shutdown hook should the JVM end first.
 */
public final class OpenSshServers implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    public static final String SSHD = "/usr/sbin/sshd";
    public static final String SFTP_SERVER = "/usr/lib/openssh/sftp-server";
    public static final String USER = "deployer-test";
    public static final int MAX_ADDRESSES_PER_SSHD = 16;
    /** 127.0.0.2–251, then 127.0.1.1–254, 127.0.2.1–254, … (the SSH benchmark runs 500 hosts). */
    public static final int MAX_HOSTS = 1000;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final Set<ProcessHandle> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(OpenSshServers::killTree), "stop-test-sshd"));
    }

    /** One loopback host, served by one of the sshd processes. */
    public record Host(String address, int port, int server) {
        /** The tasklist's {@code remote_host}. */
        public String remoteHost() {
            return address + ":" + port;
        }
    }

    private final int hostCount;
    private final int addressesPerServer;
    private final String extraConfig;
    private final List<Host> hosts = new ArrayList<>();
    private final List<Process> servers = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();
    private Path dir;
    private String user;

    private OpenSshServers(int hostCount, int addressesPerServer) {
        this(hostCount, addressesPerServer, "");
    }

    private OpenSshServers(int hostCount, int addressesPerServer, String extraConfig) {
        if (hostCount < 1 || hostCount > MAX_HOSTS) {
            throw new IllegalArgumentException("between 1 and " + MAX_HOSTS + " hosts, got " + hostCount);
        }
        if (addressesPerServer < 1 || addressesPerServer > MAX_ADDRESSES_PER_SSHD) {
            throw new IllegalArgumentException("one sshd listens on 1 to " + MAX_ADDRESSES_PER_SSHD + " addresses");
        }
        this.hostCount = hostCount;
        this.addressesPerServer = addressesPerServer;
        this.extraConfig = extraConfig;
    }

    /** {@code count} hosts, as few sshd processes as possible. */
    public static OpenSshServers hosts(int count) {
        return new OpenSshServers(count, MAX_ADDRESSES_PER_SSHD);
    }

    /** One sshd per {@code n} hosts; 1 lets a test kill one host without touching the others. */
    public OpenSshServers addressesPerServer(int n) {
        return new OpenSshServers(hostCount, n, extraConfig);
    }

    /**
     * sshd_config lines added to every server's config (e.g. {@code PermitOpen}, {@code LogLevel DEBUG1}); later
     * lines of the same keyword do not override earlier ones in sshd, so these come first.
     */
    public OpenSshServers withConfig(String lines) {
        return new OpenSshServers(hostCount, addressesPerServer, extraConfig + lines.strip() + "\n");
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    public synchronized OpenSshServers start() throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(SSHD))) {
            throw new IllegalStateException(SSHD + " is missing: install openssh-server (bin/run-tests does)");
        }
        user = loginUser();
        dir = Files.createTempDirectory("deployer-sshd-");
        // sshd reads authorized_keys as the login user: the directory must be open to it.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "deployer-test-client", "-f", clientKey().toString());
        Files.copy(dir.resolve("id_ed25519.pub"), dir.resolve("authorized_keys"));
        Files.setPosixFilePermissions(dir.resolve("authorized_keys"), PosixFilePermissions.fromString("rw-r--r--"));
        StringBuilder knownHosts = new StringBuilder();
        try {
            for (int first = 0, server = 0; first < hostCount; first += addressesPerServer, server++) {
                List<String> addresses = new ArrayList<>();
                for (int i = first; i < Math.min(hostCount, first + addressesPerServer); i++) {
                    addresses.add(address(i));
                }
                int port = startServer(server, addresses);
                String hostKey = Files.readString(dir.resolve("host_key_" + server + ".pub")).trim();
                String[] typeAndKey = hostKey.split("\\s+");
                for (String a : addresses) {
                    hosts.add(new Host(a, port, server));
                    knownHosts.append('[').append(a).append("]:").append(port).append(' ')
                            .append(typeAndKey[0]).append(' ').append(typeAndKey[1]).append('\n');
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
        Files.writeString(knownHosts(), knownHosts.toString(), StandardCharsets.UTF_8);
        return this;
    }

    /** The loopback address of host {@code i}: the first 250 as always (127.0.0.2–251), then further /24s. */
    static String address(int i) {
        if (i < 250) {
            return "127.0.0." + (i + 2);
        }
        int j = i - 250;
        return "127.0." + (1 + j / 254) + "." + (1 + j % 254);
    }

    private int startServer(int server, List<String> addresses) throws IOException, InterruptedException {
        Path hostKey = dir.resolve("host_key_" + server);
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "test-host-" + server, "-f", hostKey.toString());
        IOException lastFailure = null;
        // A free port can be taken between finding and binding it: try a few.
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freePort(addresses.get(0));
            Path config = dir.resolve("sshd_config_" + server);
            Path log = dir.resolve("sshd_" + server + ".log");
            Files.deleteIfExists(log);
            Files.writeString(config, config(port, addresses, hostKey, server), StandardCharsets.UTF_8);
            Process p = new ProcessBuilder(SSHD, "-D", "-f", config.toString(), "-E", log.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("sshd_" + server + ".out").toFile())
                    .start();
            RUNNING.add(p.toHandle());
            if (awaitListening(p, log, port, addresses)) {
                servers.add(p);
                logs.add(log);
                return port;
            }
            killTree(p.toHandle());
            RUNNING.remove(p.toHandle());
            lastFailure = new IOException("sshd " + server + " did not start on port " + port + ":\n" + read(log)
                    + read(dir.resolve("sshd_" + server + ".out")));
        }
        throw lastFailure;
    }

    private String config(int port, List<String> addresses, Path hostKey, int server) {
        StringBuilder c = new StringBuilder(extraConfig);
        c.append("Port ").append(port).append('\n');
        addresses.forEach(a -> c.append("ListenAddress ").append(a).append('\n'));
        c.append("HostKey ").append(hostKey).append('\n')
                .append("PidFile ").append(dir.resolve("sshd_" + server + ".pid")).append('\n')
                .append("AuthorizedKeysFile ").append(dir.resolve("authorized_keys")).append('\n')
                .append("""
                        StrictModes no
                        UsePAM no
                        PasswordAuthentication no
                        KbdInteractiveAuthentication no
                        PubkeyAuthentication yes
                        PermitRootLogin prohibit-password
                        Subsystem sftp %s
                        LogLevel VERBOSE
                        MaxStartups 200
                        MaxSessions 64
                        """.formatted(SFTP_SERVER));
        return c.toString();
    }

    /** Waits for sshd's "Server listening on A port P." for every address, or for it to exit. */
    private static boolean awaitListening(Process p, Path log, int port, List<String> addresses) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && p.isAlive()) {
            String text = read(log);
            if (addresses.stream().allMatch(a -> text.contains("Server listening on " + a + " port " + port + "."))) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    private static int freePort(String address) throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(address))) {
            return s.getLocalPort();
        }
    }

    /** Root logs in as {@value #USER}, made if missing; anyone else logs in as themselves (sshd runs as them). */
    private static String loginUser() throws IOException, InterruptedException {
        String me = System.getProperty("user.name");
        if (!me.equals("root")) {
            return me;
        }
        Files.createDirectories(Path.of("/run/sshd"));
        Files.setPosixFilePermissions(Path.of("/run/sshd"), PosixFilePermissions.fromString("rwxr-xr-x"));
        if (exitCode("id", "-u", USER) != 0) {
            // Another test JVM may create it at the same moment: check again instead of trusting useradd's status.
            exitCode("useradd", "-r", "-M", "-d", "/tmp", "-s", "/bin/sh", USER);
            if (exitCode("id", "-u", USER) != 0) {
                throw new IllegalStateException("cannot create the test login user " + USER);
            }
        }
        // '*' (no password) rather than useradd's '!' (locked): sshd refuses key logins to locked accounts.
        run("usermod", "-p", "*", USER);
        return USER;
    }

    public List<Host> hosts() {
        return List.copyOf(hosts);
    }

    public Host host(int index) {
        return hosts.get(index);
    }

    public String user() {
        return user;
    }

    public Path clientKey() {
        return dir.resolve("id_ed25519");
    }

    /** Lets a further public key log in (authorized_keys is read at every login). */
    public void authorize(Path publicKey) throws IOException {
        Files.writeString(dir.resolve("authorized_keys"), Files.readString(publicKey, StandardCharsets.UTF_8),
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
    }

    /** The temporary directory of these servers (readable by the login user); removed on close. */
    public Path dir() {
        return dir;
    }

    /** A known_hosts file with every host's key. */
    public Path knownHosts() {
        return dir.resolve("known_hosts");
    }

    /**
     * Config lines that let the deployer reach these hosts: login user, key, known_hosts, and an empty ssh client
     * config, so that no test reads the ssh_config of the machine it runs on.
     */
    public String clientConfigYaml() {
        return "user: " + user + "\n"
                + "ssh:\n"
                + "  identity_files: [" + clientKey() + "]\n"
                + "  known_hosts: " + knownHosts() + "\n"
                + "  strict_host_key_checking: yes\n"
                + "  config_file: " + emptySshConfig() + "\n";
    }

    /**
     * The deployer's SSH host for host {@code i}, as a run's connector makes it (it connects on first use): this
     * fixture's user and key, {@code knownHosts}, strict host key checking, 10 s to connect.
     */
    public SshHost sshHost(int i, Path knownHosts) {
        SshSettings settings = new SshSettings(user, 22, List.of(clientKey()), knownHosts, StrictHostKeyChecking.YES,
                Duration.ofSeconds(10), Duration.ofSeconds(15), 10, null);
        return new SshConnector(settings).create(HostAddress.parse(host(i).remoteHost()), null);
    }

    /** An empty OpenSSH client config file. */
    public Path emptySshConfig() {
        Path p = dir.resolve("ssh_config_empty");
        try {
            if (!Files.exists(p)) {
                Files.writeString(p, "");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** A new directory the login user may write to (remote commands run as that user). */
    public Path writableDir(String name) throws IOException {
        Path d = Files.createDirectories(dir.resolve("work").resolve(name));
        Files.setPosixFilePermissions(dir.resolve("work"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
        UserPrincipal owner = d.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
        Files.setOwner(d, owner);
        return d;
    }

    /** What the sshd serving a host has logged so far. */
    public String log(int hostIndex) {
        return read(logs.get(hosts.get(hostIndex).server()));
    }

    /** TCP connections this host has accepted ("Connection from … on ADDRESS port PORT"). */
    public int connections(int hostIndex) {
        Host h = hosts.get(hostIndex);
        return count(log(hostIndex), "Connection from \\S+ port \\d+ on " + Pattern.quote(h.address()) + " port " + h.port() + "\\b");
    }

    /** Successful logins on the sshd serving this host (all of its addresses). */
    public int logins(int hostIndex) {
        return count(log(hostIndex), "Accepted publickey for " + Pattern.quote(user) + " ");
    }

    /**
     * Kills the sshd serving a host, with every session process under it, as a crashed machine would vanish.
     * Every host of that sshd goes down: use {@code addressesPerServer(1)} to lose just one.
     */
    public void kill(int hostIndex) throws InterruptedException {
        Process p = servers.get(hosts.get(hostIndex).server());
        killTree(p.toHandle());
        p.waitFor(10, TimeUnit.SECONDS);
        RUNNING.remove(p.toHandle());
    }

    /**
     * Starts again the sshd serving a host after {@link #kill}, with the same config, address and port (a host back
     * after a crash); returns once it listens. Its log goes on in the same file.
     */
    public synchronized void restart(int hostIndex) throws IOException, InterruptedException {
        int server = hosts.get(hostIndex).server();
        if (servers.get(server).isAlive()) {
            throw new IllegalStateException("sshd " + server + " still runs: kill it first");
        }
        Path log = logs.get(server);
        long before = Files.size(log);
        Process p = new ProcessBuilder(SSHD, "-D", "-f", dir.resolve("sshd_config_" + server).toString(), "-E", log.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("sshd_" + server + ".out").toFile()))
                .start();
        RUNNING.add(p.toHandle());
        servers.set(server, p);
        List<String> addresses = hosts.stream().filter(h -> h.server() == server).map(Host::address).toList();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            String text = read(log);
            String since = text.length() > before ? text.substring((int) before) : "";
            if (addresses.stream().allMatch(a -> since.contains("Server listening on " + a + " port " + hosts.get(hostIndex).port() + "."))) {
                return;
            }
            if (!p.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("sshd " + server + " did not start again:\n" + since);
            }
            Thread.sleep(20);
        }
    }

    /** The listening sshd serving a host; its children are the processes of each open connection. */
    public ProcessHandle server(int hostIndex) {
        return servers.get(hosts.get(hostIndex).server()).toHandle();
    }

    /**
     * Kills the processes of every open connection to the sshd serving a host (the sshd child per connection and the
     * sessions under it), as a dropped TCP connection would end them, and leaves the listening sshd up: new
     * connections are accepted. Returns how many connections were dropped.
     */
    public int dropConnections(int hostIndex) {
        List<ProcessHandle> connections = server(hostIndex).children().toList();
        // Freeze the whole tree first, so that no process of it sees another die and closes the channel politely:
        // the client must see the connection vanish, not an orderly end.
        List<String> stop = new ArrayList<>(List.of("kill", "-STOP"));
        connections.forEach(c -> {
            stop.add(Long.toString(c.pid()));
            c.descendants().forEach(d -> stop.add(Long.toString(d.pid())));
        });
        if (stop.size() > 2) {
            try {
                exitCode(stop.toArray(String[]::new));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        connections.forEach(OpenSshServers::killTree);
        return connections.size();
    }

    /** Stops every sshd by its pid and removes the directory. Safe to call twice. */
    @Override
    public synchronized void close() {
        for (Process p : servers) {
            killTree(p.toHandle());
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            RUNNING.remove(p.toHandle());
        }
        servers.clear();
        if (dir != null && !Boolean.getBoolean("deployer.keepSshdDir")) {
            deleteTree(dir);
        }
    }

    private static void killTree(ProcessHandle p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    private static int count(String text, String regex) {
        return (int) Pattern.compile(regex).matcher(text).results().count();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed (exit " + p.exitValue() + "): " + output);
        }
    }

    private static int exitCode(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor();
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A leftover temporary directory is harmless.
        }
    }
}
