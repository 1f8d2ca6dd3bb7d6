package deployer.core.internal.host.ssh;

import deployer.core.model.InvalidInputException;
import deployer.core.model.Problem;

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

/**
 * Reads ssh_config text into blocks of lines: words as ssh splits them, {@code Host} and {@code Match} blocks,
 * {@code Include} followed in place, and every value we apply checked, so a bad one is an error by file:line.
 */
final class SshConfigParser {

    private static final int MAX_INCLUDE_DEPTH = 16;

    private SshConfigParser() {
    }

    /**
     * Reads a config file; a missing file reads as empty (as ssh treats a missing ~/.ssh/config).
     *
     * @throws InvalidInputException a line that cannot be parsed or a bad value, named by file:line
     */
    static List<OpenSshConfig.Block> read(Path file) throws InvalidInputException {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<OpenSshConfig.Block> blocks = new ArrayList<>();
        blocks.add(new OpenSshConfig.Block(null, new ArrayList<>(), null));
        List<Problem> problems = new ArrayList<>();
        parse(file, file.toAbsolutePath().getParent(), blocks, problems, 0);
        for (OpenSshConfig.Block b : blocks) {
            for (OpenSshConfig.Line l : b.lines()) {
                check(l, problems);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return List.copyOf(blocks);
    }

    private static void parse(Path file, Path baseDir, List<OpenSshConfig.Block> blocks, List<Problem> problems, int depth) {
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
            OpenSshConfig.Line line = new OpenSshConfig.Line(keyword, List.copyOf(args), file, lineNo);
            if (args.isEmpty()) {
                problems.add(new Problem(line.where(), "'" + words.get(0) + "' needs a value"));
                continue;
            }
            switch (keyword) {
                case "host" -> blocks.add(new OpenSshConfig.Block(List.copyOf(args), new ArrayList<>(), null));
                // We cannot evaluate Match: its lines apply to no host, and the user is told at the first lookup.
                case "match" -> blocks.add(new OpenSshConfig.Block(null, new ArrayList<>(), line));
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
        Path p = OpenSshConfig.expandHome(pattern);
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
    private static void check(OpenSshConfig.Line l, List<Problem> problems) {
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

    static Optional<Integer> port(String v) {
        try {
            int p = Integer.parseInt(v);
            return p >= 1 && p <= 65535 ? Optional.of(p) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static Optional<Duration> seconds(String v) {
        try {
            long s = Long.parseLong(v);
            return s >= 0 && s <= 86_400 ? Optional.of(Duration.ofSeconds(s)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static Optional<Boolean> yesNo(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "yes", "true" -> Optional.of(true);
            case "no", "false" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    /** {@code ask} means "yes" without a person to ask, as in batch mode. */
    static Optional<StrictHostKeyChecking> strict(String v) {
        return v.equalsIgnoreCase("ask") ? Optional.of(StrictHostKeyChecking.YES) : StrictHostKeyChecking.parse(v);
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
}
