package deployer.core.internal.host.ssh;

import deployer.core.model.InvalidInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An OpenSSH client config file ({@code ~/.ssh/config}), read once per run, with OpenSSH's rules: {@code Host}
 * blocks whose patterns ({@code *}, {@code ?}, {@code !negated}) match the name as the tasklist wrote it; for each
 * directive the first value found wins, so specific blocks go first and {@code Host *} last; {@code IdentityFile}
 * adds up. {@code Include} is followed (globs, relative to the file's directory). Values are checked when the
 * file is read, so a bad one stops the run before anything starts, named by file:line.
 *
 * <p>Directives we do not implement but that change how a host is reached ({@code ProxyCommand}, {@code Match},
 * algorithms…) are reported once per file:line with a warning, when a host they apply to is looked up.
 */
public final class OpenSshConfig {

    private static final Logger LOG = LoggerFactory.getLogger(OpenSshConfig.class);

    /** What we apply (lower case). */
    private static final Set<String> SUPPORTED = Set.of("host", "hostname", "user", "port", "identityfile",
            "identitiesonly", "proxyjump", "connecttimeout", "serveraliveinterval", "stricthostkeychecking",
            "userknownhostsfile", "include");
    /**
     * What does not change where or how we connect, or what commands see (multiplexing we do anyway, terminal and
     * X11 options…). Everything else we do not apply is warned about: ProxyCommand, Match, IdentityAgent,
     * ForwardAgent, SetEnv, algorithm lists, CertificateFile, HostKeyAlias, BindAddress…
     */
    private static final Set<String> HARMLESS = Set.of("controlmaster", "controlpath", "controlpersist",
            "compression", "loglevel", "hashknownhosts", "visualhostkey", "addkeystoagent", "usekeychain",
            "ignoreunknown", "forwardx11", "forwardx11trusted", "forwardx11timeout", "serveralivecountmax",
            "tcpkeepalive", "batchmode", "requesttty", "escapechar", "updatehostkeys", "checkhostip",
            "preferredauthentications", "pubkeyauthentication", "passwordauthentication",
            "kbdinteractiveauthentication", "challengeresponseauthentication", "gssapiauthentication",
            "gssapidelegatecredentials", "sendenv", "localforward", "remoteforward",
            "dynamicforward", "exitonforwardfailure", "permitlocalcommand", "localcommand", "connectionattempts",
            "numberofpasswordprompts", "addressfamily", "canonicaldomains", "canonicalizefallbacklocal");

    /** One directive as written. */
    record Line(String keyword, List<String> args, Path file, int line) {
        String where() {
            return file + ":" + line;
        }
    }

    /**
     * A {@code Host} block (or the lines before the first one, which apply to every host), or a {@code Match}
     * block, which we cannot evaluate and so apply to no host.
     */
    record Block(List<String> patterns, List<Line> lines, Line match) {
        boolean matches(String host) {
            if (match != null) {
                return false;
            }
            if (patterns == null) {
                return true;
            }
            boolean matched = false;
            for (String p : patterns) {
                boolean negated = p.startsWith("!");
                if (glob(negated ? p.substring(1) : p, host)) {
                    if (negated) {
                        return false;
                    }
                    matched = true;
                }
            }
            return matched;
        }
    }

    /** What the file says about one host; empty where it says nothing. */
    public record HostEntry(Optional<String> hostName, Optional<String> user, Optional<Integer> port,
                            List<String> identityFiles, Optional<Boolean> identitiesOnly, Optional<String> proxyJump,
                            Optional<Duration> connectTimeout, Optional<Duration> serverAliveInterval,
                            Optional<StrictHostKeyChecking> strictHostKeyChecking, Optional<String> userKnownHostsFile) {

        public static final HostEntry EMPTY = new HostEntry(Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    /** No file: every lookup is empty. */
    public static final OpenSshConfig NONE = new OpenSshConfig(null, List.of());

    private final Path file;
    private final List<Block> blocks;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    private OpenSshConfig(Path file, List<Block> blocks) {
        this.file = file;
        this.blocks = blocks;
    }

    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /**
     * Reads a config file; a missing file reads as empty (as ssh treats a missing ~/.ssh/config).
     *
     * @throws InvalidInputException a line that cannot be parsed or a bad value, named by file:line
     */
    public static OpenSshConfig read(Path file) throws InvalidInputException {
        return new OpenSshConfig(file, SshConfigParser.read(file));
    }

    /** What the file says about a host, named as the tasklist wrote it (before any DNS suffix). */
    public HostEntry lookup(String host) {
        if (blocks.isEmpty()) {
            return HostEntry.EMPTY;
        }
        java.util.Map<String, Line> first = new java.util.LinkedHashMap<>();
        List<String> identityFiles = new ArrayList<>();
        for (Block b : blocks) {
            if (b.match() != null) {
                // A Match block never matches, but the user must learn that its lines were not applied.
                warnOnce(b.match(), host);
                continue;
            }
            if (!b.matches(host)) {
                continue;
            }
            for (Line l : b.lines()) {
                if (l.keyword().equals("identityfile")) {
                    identityFiles.add(l.args().get(0));
                } else if (SUPPORTED.contains(l.keyword())) {
                    first.putIfAbsent(l.keyword(), l);
                } else if (!HARMLESS.contains(l.keyword())) {
                    warnOnce(l, host);
                }
            }
        }
        return new HostEntry(
                value(first, "hostname").map(h -> h.replace("%h", host).replace("%%", "%")),
                value(first, "user"),
                value(first, "port").flatMap(SshConfigParser::port),
                List.copyOf(identityFiles),
                value(first, "identitiesonly").flatMap(SshConfigParser::yesNo),
                value(first, "proxyjump"),
                value(first, "connecttimeout").flatMap(SshConfigParser::seconds),
                value(first, "serveraliveinterval").flatMap(SshConfigParser::seconds),
                value(first, "stricthostkeychecking").flatMap(SshConfigParser::strict),
                value(first, "userknownhostsfile"));
    }

    private void warnOnce(Line l, String host) {
        if (!warned.add(l.where())) {
            return;
        }
        if (l.keyword().equals("match")) {
            LOG.warn("{}: 'match' is not supported by the deployer: the lines of this Match block are NOT applied to"
                    + " any host; use Host blocks or ssh.* keys", l.where());
        } else {
            LOG.warn("{}: '{}' is not supported by the deployer and is NOT applied (to {} and any other host it matches);"
                    + " remove it for these hosts or set the equivalent ssh.* key", l.where(), l.keyword(), host);
        }
    }

    private static Optional<String> value(java.util.Map<String, Line> first, String keyword) {
        // ssh_config takes the first word; UserKnownHostsFile may list several, of which we use the first.
        return Optional.ofNullable(first.get(keyword)).map(l -> l.args().get(0));
    }

    /** {@code ?} any one character, {@code *} any run; case-insensitive as host names are. */
    static boolean glob(String pattern, String text) {
        return glob(pattern.toLowerCase(Locale.ROOT), 0, text.toLowerCase(Locale.ROOT), 0);
    }

    private static boolean glob(String p, int pi, String t, int ti) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '*') {
                for (int k = ti; k <= t.length(); k++) {
                    if (glob(p, pi + 1, t, k)) {
                        return true;
                    }
                }
                return false;
            }
            if (ti >= t.length() || (c != '?' && c != t.charAt(ti))) {
                return false;
            }
            pi++;
            ti++;
        }
        return ti == t.length();
    }

    /**
     * Whether an {@code IdentityFile} names no file: OpenSSH's {@code IdentityFile none} sets the host's key files
     * (so the default ones are not tried) without adding one, leaving the ssh-agent's keys.
     */
    static boolean isNone(String identityFile) {
        return identityFile.equalsIgnoreCase("none");
    }

    static Path expandHome(String path) {
        String home = System.getProperty("user.home");
        if (path.equals("~")) {
            return Path.of(home);
        }
        return path.startsWith("~/") ? Path.of(home).resolve(path.substring(2)) : Path.of(path);
    }
}
