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
import java.util.List;

/**
 * The run's known_hosts file, shared by every connection (sshj parses it; the policy is ours). Loaded on first
 * use, so a run with only local hosts never reads it. Synchronized: connections to different hosts verify and
 * record keys concurrently, and an appended key must be seen by the next check.
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

    KnownHosts(Path file) {
        this.file = file;
    }

    synchronized Verdict check(SshTarget target, PublicKey key, StrictHostKeyChecking policy) {
        String hostPart = hostPart(target);
        KeyType type = KeyType.fromKey(key);
        String presented = Fingerprints.sha256(key);
        List<String> knownFingerprints = new ArrayList<>();
        try {
            for (KnownHostEntry entry : store().entries()) {
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
            return store().findExistingAlgorithms(target.hostname(), target.port());
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
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
