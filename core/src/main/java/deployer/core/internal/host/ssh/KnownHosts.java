package deployer.core.internal.host.ssh;

import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.common.SSHException;
import net.schmizz.sshj.common.SSHRuntimeException;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts.KnownHostEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import deployer.core.spi.FailureReason;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The run's known_hosts file, shared by every connection (sshj parses its lines; the policy is ours). Read on first
 * use, so a run with only local hosts never reads it; a line is parsed only when it can name a host asked about.
 * Synchronized: connections to different hosts verify and record keys concurrently, an appended key must be seen
 * by the next check, and sshj's matcher of a hashed entry reuses one MAC, so two threads must not match the same
 * entry at once.
 *
 * <p>Each connection asks twice (which key types to request, then whether the key is known), and in a hashed
 * known_hosts ({@code HashKnownHosts yes}, Debian's default) every entry costs an HMAC per question: with 500 hosts
 * in the file and 500 to connect, 500,000 HMACs under this lock. The entries that name a host are therefore found
 * once per host and kept for its second question.
 */
final class KnownHosts {

    private static final Logger LOG = LoggerFactory.getLogger(KnownHosts.class);

    /** What a host key check decided; a refusal carries the whole message for the user. */
    sealed interface Verdict {
        record Accepted() implements Verdict {
        }

        /** @param reason HOST_KEY_MISMATCH for a changed key, HOST_KEY_UNKNOWN for one not known (or not checkable) */
        record Refused(FailureReason reason, String message) implements Verdict {
        }
    }

    private final Path file;
    private List<String> lines;
    /** By line: parsed (empty for a line sshj skips), or null while not parsed yet. */
    private Optional<KnownHostEntry>[] parsed;
    private OpenSSHKnownHosts.EntryFactory parser;
    /** The lines naming each exact host pattern (lower case), and those any host may match. */
    private final Map<String, List<Integer>> linesByPattern = new HashMap<>();
    private final List<Integer> anyHostLines = new ArrayList<>();
    /** The entries naming a host part, any key type; reset when the file changes. */
    private final Map<String, List<KnownHostEntry>> entriesByHost = new HashMap<>();

    KnownHosts(Path file) {
        this.file = file;
    }

    synchronized Verdict check(SshTarget target, PublicKey key, StrictHostKeyChecking policy) {
        String hostPart = hostPart(target);
        KeyType type = KeyType.fromKey(key);
        String presented = Fingerprints.sha256(key);
        List<String> knownFingerprints = new ArrayList<>();
        try {
            for (KnownHostEntry entry : entriesFor(hostPart)) {
                if (entry.appliesTo(type, hostPart)) {
                    if (entry.verify(key)) {
                        return new Verdict.Accepted();
                    }
                    knownFingerprints.add(Fingerprints.ofKnownHostsLine(entry.getLine()));
                }
            }
        } catch (IOException e) {
            return new Verdict.Refused(FailureReason.HOST_KEY_UNKNOWN, "cannot check the host key of " + target.describe() + " against " + file + ": " + e.getMessage());
        }
        if (!knownFingerprints.isEmpty()) {
            return new Verdict.Refused(FailureReason.HOST_KEY_MISMATCH, "the host key of " + target.describe() + " has CHANGED: " + file + " has "
                    + String.join(", ", knownFingerprints) + " for " + hostPart + ", the host presented " + presented
                    + " (" + type + "). Someone may be intercepting the connection, or the host was reinstalled;"
                    + " if you know it was, remove the old key with: ssh-keygen -f " + file + " -R '" + hostPart + "'");
        }
        return switch (policy) {
            case YES -> new Verdict.Refused(FailureReason.HOST_KEY_UNKNOWN, "the host key of " + target.describe() + " is not known: " + file
                    + " has no " + type + " key for " + hostPart + " (the host presented " + presented + ")."
                    + " Add it after checking the fingerprint, or set ssh.strict_host_key_checking: accept-new");
            case ACCEPT_NEW -> record(target, hostPart, key, type, presented);
            case NO -> {
                LOG.warn("Accepting the unknown host key of {} without checking it ({} {}); ssh.strict_host_key_checking is no",
                        target.describe(), type, presented);
                yield new Verdict.Accepted();
            }
        };
    }

    /** Key algorithms known for the host, so the server is asked for a key we can check (as OpenSSH orders them). */
    synchronized List<String> knownAlgorithms(SshTarget target) {
        try {
            List<String> algorithms = new ArrayList<>();
            for (KnownHostEntry entry : entriesFor(hostPart(target))) {
                String line = entry.getLine(); // rebuilt from the entry (the key in base64) at each call
                if (line != null && line.startsWith("@cert-authority")) {
                    // As sshj's findExistingAlgorithms: only the CA's key type is known, so every certificate type.
                    for (KeyType candidate : KeyType.values()) {
                        if (candidate.getParent() != null) {
                            algorithms.add(candidate.toString());
                        }
                    }
                } else {
                    algorithms.add(entry.getType().toString());
                }
            }
            return algorithms;
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private List<KnownHostEntry> entriesFor(String hostPart) throws IOException {
        List<KnownHostEntry> found = entriesByHost.get(hostPart);
        if (found == null) {
            found = new ArrayList<>();
            lines();
            // File order, as sshj's own list: a changed key's message names the known ones in that order.
            TreeSet<Integer> candidates = new TreeSet<>(anyHostLines);
            candidates.addAll(linesByPattern.getOrDefault(hostPart.toLowerCase(Locale.ROOT), List.of()));
            for (int i : candidates) {
                KnownHostEntry entry = entry(i);
                if (entry != null && entry.appliesTo(hostPart)) {
                    found.add(entry);
                }
            }
            entriesByHost.put(hostPart, found);
        }
        return found;
    }

    /**
     * The host patterns a line names exactly, in lower case; empty for a comment or blank line; null when any host
     * may match it and only sshj can tell (hashed, {@code @cert-authority}/{@code @revoked}, a wildcard or a negation).
     * Only lines that can name a host are parsed, when that host is asked about: parsing decodes the line's key, and
     * a known_hosts of thousands of lines made that most of a small run's first connect.
     */
    static List<String> exactPatterns(String line) {
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) {
            return List.of();
        }
        if (t.startsWith("@") || t.startsWith("|")) {
            return null;
        }
        int end = 0;
        while (end < t.length() && !Character.isWhitespace(t.charAt(end))) {
            end++;
        }
        String patterns = t.substring(0, end).toLowerCase(Locale.ROOT);
        if (patterns.indexOf('*') >= 0 || patterns.indexOf('?') >= 0 || patterns.indexOf('!') >= 0) {
            return null;
        }
        return List.of(patterns.split(","));
    }

    /** Line {@code i} as sshj parses it when it reads the file, or null for a line sshj would skip. */
    private KnownHostEntry entry(int i) throws IOException {
        if (parsed[i] == null) {
            try {
                KnownHostEntry entry = parser().parseEntry(lines().get(i));
                parsed[i] = entry == null ? Optional.empty() : Optional.of(entry);
            } catch (SSHException | SSHRuntimeException e) {
                LOG.debug("Skipping line {} of {}: {}", i + 1, file, e.toString());
                parsed[i] = Optional.empty();
            }
        }
        return parsed[i].orElse(null);
    }

    /** The file's lines, read and indexed once (a missing file has none); as sshj, in the platform's charset. */
    private List<String> lines() throws IOException {
        if (lines == null) {
            List<String> read = Files.exists(file) ? Files.readAllLines(file, Charset.defaultCharset()) : List.of();
            parsed = newParsedArray(read.size());
            anyHostLines.clear();
            linesByPattern.clear();
            for (int i = 0; i < read.size(); i++) {
                List<String> patterns = exactPatterns(read.get(i));
                if (patterns == null) {
                    anyHostLines.add(i);
                } else {
                    for (String pattern : patterns) {
                        linesByPattern.computeIfAbsent(pattern, k -> new ArrayList<>()).add(i);
                    }
                }
            }
            lines = read;
        }
        return lines;
    }

    @SuppressWarnings("unchecked")
    private static Optional<KnownHostEntry>[] newParsedArray(int size) {
        return (Optional<KnownHostEntry>[]) new Optional<?>[size];
    }

    private OpenSSHKnownHosts.EntryFactory parser() throws IOException {
        if (parser == null) {
            parser = new OpenSSHKnownHosts(new StringReader("")).new EntryFactory();
        }
        return parser;
    }

    private Verdict record(SshTarget target, String hostPart, PublicKey key, KeyType type, String fingerprint) {
        String blob = Base64.getEncoder().encodeToString(new Buffer.PlainBuffer().putPublicKey(key).getCompactData());
        try {
            createIfMissing();
            String existing = Files.readString(file, StandardCharsets.UTF_8);
            String separator = existing.isEmpty() || existing.endsWith("\n") ? "" : "\n";
            Files.writeString(file, separator + hostPart + " " + type + " " + blob + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
            lines = null;
            entriesByHost.clear();
        } catch (IOException e) {
            return new Verdict.Refused(FailureReason.HOST_KEY_UNKNOWN, "cannot record the host key of " + target.describe() + " in " + file + ": " + e);
        }
        LOG.warn("Permanently added {} ({} {}) to {}", hostPart, type, fingerprint, file);
        return new Verdict.Accepted();
    }

    private void createIfMissing() throws IOException {
        if (Files.exists(file)) {
            return;
        }
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            // Like ssh: ~/.ssh is private to its owner.
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
    }

    /** How known_hosts names a host: {@code name}, or {@code [name]:port} off port 22. */
    static String hostPart(SshTarget target) {
        return target.port() == 22 ? target.hostname() : "[" + target.hostname() + "]:" + target.port();
    }
}
