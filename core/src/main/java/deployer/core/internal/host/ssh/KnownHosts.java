package deployer.core.internal.host.ssh;

import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts.KnownHostEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
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
import java.util.Map;

/**
 * The run's known_hosts file, shared by every connection (sshj parses it; the policy is ours). Loaded on first
 * use, so a run with only local hosts never reads it. Synchronized: connections to different hosts verify and
 * record keys concurrently, an appended key must be seen by the next check, and sshj's matcher of a hashed entry
 * reuses one MAC, so two threads must not match the same entry at once.
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

        record Refused(String message) implements Verdict {
        }
    }

    private final Path file;
    private OpenSSHKnownHosts store;
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
            return new Verdict.Refused("cannot check the host key of " + target.describe() + " against " + file + ": " + e.getMessage());
        }
        if (!knownFingerprints.isEmpty()) {
            return new Verdict.Refused("the host key of " + target.describe() + " has CHANGED: " + file + " has "
                    + String.join(", ", knownFingerprints) + " for " + hostPart + ", the host presented " + presented
                    + " (" + type + "). Someone may be intercepting the connection, or the host was reinstalled;"
                    + " if you know it was, remove the old key with: ssh-keygen -f " + file + " -R '" + hostPart + "'");
        }
        return switch (policy) {
            case YES -> new Verdict.Refused("the host key of " + target.describe() + " is not known: " + file
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
            for (KnownHostEntry entry : store().entries()) {
                if (entry.appliesTo(hostPart)) {
                    found.add(entry);
                }
            }
            entriesByHost.put(hostPart, found);
        }
        return found;
    }

    private Verdict record(SshTarget target, String hostPart, PublicKey key, KeyType type, String fingerprint) {
        String blob = Base64.getEncoder().encodeToString(new Buffer.PlainBuffer().putPublicKey(key).getCompactData());
        try {
            createIfMissing();
            String existing = Files.readString(file, StandardCharsets.UTF_8);
            String separator = existing.isEmpty() || existing.endsWith("\n") ? "" : "\n";
            Files.writeString(file, separator + hostPart + " " + type + " " + blob + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
            store = null;
            entriesByHost.clear();
        } catch (IOException e) {
            return new Verdict.Refused("cannot record the host key of " + target.describe() + " in " + file + ": " + e);
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

    private OpenSSHKnownHosts store() throws IOException {
        if (store == null) {
            store = new OpenSSHKnownHosts(file.toFile());
        }
        return store;
    }

    /** How known_hosts names a host: {@code name}, or {@code [name]:port} off port 22. */
    static String hostPart(SshTarget target) {
        return target.port() == 22 ? target.hostname() : "[" + target.hostname() + "]:" + target.port();
    }
}
