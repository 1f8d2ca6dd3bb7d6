package deployer.core.internal.host.ssh;

import net.schmizz.sshj.common.Buffer;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;

/** Host key fingerprints as OpenSSH prints them ({@code SHA256:} and unpadded base64), so users can compare. */
final class Fingerprints {

    private Fingerprints() {
    }

    static String sha256(PublicKey key) {
        return sha256(new Buffer.PlainBuffer().putPublicKey(key).getCompactData());
    }

    /** @param keyBlob the key in SSH wire format, as base64-decoded from a known_hosts line */
    static String sha256(byte[] keyBlob) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(keyBlob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The fingerprint of the key on a known_hosts line ({@code [@marker] hosts type base64 [comment]}), or "?". */
    static String ofKnownHostsLine(String line) {
        String[] words = line.trim().split("\\s+");
        int keyIndex = words.length > 0 && words[0].startsWith("@") ? 3 : 2;
        if (words.length <= keyIndex) {
            return "?";
        }
        try {
            return sha256(Base64.getDecoder().decode(words[keyIndex]));
        } catch (IllegalArgumentException e) {
            return "?";
        }
    }
}
