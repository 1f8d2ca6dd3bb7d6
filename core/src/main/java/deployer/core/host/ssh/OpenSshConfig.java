package deployer.core.host.ssh;

import deployer.core.model.InvalidInputException;
import deployer.core.model.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
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
    private static final int MAX_INCLUDE_DEPTH = 16;

    /** What we apply (lower case). */
    private static final Set<String> SUPPORTED = Set.of("host", "hostname", "user", "port", "identityfile",
            "identitiesonly", "proxyjump", "connecttimeout", "serveraliveinterval", "stricthostkeychecking",
            "userknownhostsfile", "include");
    /** What does not change where or how we connect (multiplexing we do anyway, terminal and X11 options…). */
    private static final Set<String> HARMLESS = Set.of("controlmaster", "controlpath", "controlpersist",
            "compression", "loglevel", "hashknownhosts", "visualhostkey", "addkeystoagent", "usekeychain",
            "ignoreunknown", "forwardx11", "forwardx11trusted", "forwardx11timeout", "serveralivecountmax",
            "tcpkeepalive", "batchmode", "requesttty", "escapechar", "updatehostkeys", "checkhostip",
            "identityagent", "preferredauthentications", "pubkeyauthentication", "passwordauthentication",
            "kbdinteractiveauthentication", "challengeresponseauthentication", "gssapiauthentication",
            "gssapidelegatecredentials", "sendenv", "setenv", "forwardagent", "localforward", "remoteforward",
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
        if (!Files.exists(file)) {
            return new OpenSshConfig(file, List.of());
        }
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Block(null, new ArrayList<>(), null));
        List<Problem> problems = new ArrayList<>();
        parse(file, file.toAbsolutePath().getParent(), blocks, problems, 0);
        for (Block b : blocks) {
            for (Line l : b.lines()) {
                check(l, problems);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new OpenSshConfig(file, List.copyOf(blocks));
    }

    private static void parse(Path file, Path baseDir, List<Block> blocks, List<Problem> problems, int depth) {
        List<String> text;
        try {
            text = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(new Problem(file.toString(), "cannot read the ssh client config: " + e.getMessage()));
            return;
        }
        for (int i = 0; i < text.size(); i++) {
            int lineNo = i + 1;
            List<String> words;
            try {
                words = split(text.get(i));
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(file + ":" + lineNo, e.getMessage()));
                continue;
            }
            if (words.isEmpty()) {
                continue;
            }
            String keyword = words.get(0).toLowerCase(Locale.ROOT);
            List<String> args = words.subList(1, words.size());
            Line line = new Line(keyword, List.copyOf(args), file, lineNo);
            if (args.isEmpty()) {
                problems.add(new Problem(line.where(), "'" + words.get(0) + "' needs a value"));
                continue;
            }
            switch (keyword) {
                case "host" -> blocks.add(new Block(List.copyOf(args), new ArrayList<>(), null));
                // We cannot evaluate Match: its lines apply to no host, and the user is told at the first lookup.
                case "match" -> blocks.add(new Block(null, new ArrayList<>(), line));
                case "include" -> {
                    if (depth >= MAX_INCLUDE_DEPTH) {
                        problems.add(new Problem(line.where(), "Include nested more than " + MAX_INCLUDE_DEPTH + " deep"));
                        continue;
                    }
                    for (String pattern : args) {
                        for (Path included : expandInclude(pattern, baseDir)) {
                            parse(included, baseDir, blocks, problems, depth + 1);
                        }
                    }
                }
                default -> blocks.get(blocks.size() - 1).lines().add(line);
            }
        }
    }

    private static List<Path> expandInclude(String pattern, Path baseDir) {
        Path p = expandHome(pattern);
        if (!p.isAbsolute()) {
            p = baseDir.resolve(p);
        }
        Path dir = p.getParent();
        String glob = p.getFileName().toString();
        if (!glob.contains("*") && !glob.contains("?")) {
            return Files.isRegularFile(p) ? List.of(p) : List.of();
        }
        List<Path> matches = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, glob)) {
            ds.forEach(matches::add);
        } catch (IOException e) {
            return List.of();
        }
        matches.sort(null);
        return matches;
    }

    /** Bad values are errors up front, as ssh refuses to start with them. */
    private static void check(Line l, List<Problem> problems) {
        String v = l.args().get(0);
        String error = switch (l.keyword()) {
            case "port" -> port(v).isPresent() ? null : "Port must be a number from 1 to 65535, got '" + v + "'";
            case "connecttimeout", "serveraliveinterval" -> seconds(v).isPresent() ? null
                    : "expected a number of seconds, got '" + v + "'";
            case "identitiesonly" -> yesNo(v).isPresent() ? null : "expected yes or no, got '" + v + "'";
            case "stricthostkeychecking" -> strict(v).isPresent() ? null
                    : "expected yes, accept-new, no, off or ask, got '" + v + "'";
            case "proxyjump" -> proxyJumpError(v);
            default -> null;
        };
        if (error != null) {
            problems.add(new Problem(l.where(), error));
        }
    }

    private static String proxyJumpError(String v) {
        try {
            ProxyJump.parse(v);
            return null;
        } catch (IllegalArgumentException e) {
            return "ProxyJump: " + e.getMessage();
        }
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
                value(first, "port").flatMap(OpenSshConfig::port),
                List.copyOf(identityFiles),
                value(first, "identitiesonly").flatMap(OpenSshConfig::yesNo),
                value(first, "proxyjump"),
                value(first, "connecttimeout").flatMap(OpenSshConfig::seconds),
                value(first, "serveraliveinterval").flatMap(OpenSshConfig::seconds),
                value(first, "stricthostkeychecking").flatMap(OpenSshConfig::strict),
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

    private static Optional<Integer> port(String v) {
        try {
            int p = Integer.parseInt(v);
            return p >= 1 && p <= 65535 ? Optional.of(p) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> seconds(String v) {
        try {
            long s = Long.parseLong(v);
            return s >= 0 && s <= 86_400 ? Optional.of(Duration.ofSeconds(s)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Boolean> yesNo(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "yes", "true" -> Optional.of(true);
            case "no", "false" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    /** {@code ask} means "yes" without a person to ask, as in batch mode. */
    private static Optional<StrictHostKeyChecking> strict(String v) {
        return v.equalsIgnoreCase("ask") ? Optional.of(StrictHostKeyChecking.YES) : StrictHostKeyChecking.parse(v);
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
     * Splits a line as ssh does: {@code Keyword value}, {@code Keyword=value}, double quotes around values with
     * spaces, {@code #} starts a comment outside quotes.
     */
    static List<String> split(String line) {
        String s = line.strip();
        if (s.isEmpty() || s.startsWith("#")) {
            return List.of();
        }
        int k = 0;
        while (k < s.length() && !Character.isWhitespace(s.charAt(k)) && s.charAt(k) != '=') {
            k++;
        }
        List<String> words = new ArrayList<>();
        words.add(s.substring(0, k));
        String rest = s.substring(k).stripLeading();
        if (rest.startsWith("=")) {
            rest = rest.substring(1);
        }
        StringBuilder cur = null;
        boolean quoted = false;
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (quoted) {
                if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                cur = cur == null ? new StringBuilder() : cur;
            } else if (c == '#' && cur == null) {
                break;
            } else if (Character.isWhitespace(c)) {
                if (cur != null) {
                    words.add(cur.toString());
                    cur = null;
                }
            } else {
                cur = cur == null ? new StringBuilder() : cur;
                cur.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quote");
        }
        if (cur != null) {
            words.add(cur.toString());
        }
        return words;
    }

    static Path expandHome(String path) {
        String home = System.getProperty("user.home");
        if (path.equals("~")) {
            return Path.of(home);
        }
        return path.startsWith("~/") ? Path.of(home).resolve(path.substring(2)) : Path.of(path);
    }
}
