package deployer.core.internal.journal;

import deployer.core.json.TasklistWriter;
import deployer.core.model.Tasklist;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The identity of a plan for resume: sha256 over its canonical JSON (TasklistWriter's stable key order, so
 * whitespace and key order in a hand-edited file do not matter, but every value does). Secrets enter it masked,
 * as references, never as values.
 */
public final class TasklistHash {

    private TasklistHash() {
    }

    public static String of(Tasklist tasklist) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(TasklistWriter.toJson(tasklist).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
