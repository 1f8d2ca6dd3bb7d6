package deployer.core.spi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import deployer.core.model.RunId;
import deployer.core.model.TaskId;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The files through which a run's approval gates and the people answering them meet, in one directory of the run's
 * state ({@link StateDirectory#ofRun}{@code /approvals}): a gate that waits says so in {@code waiting-TASK.json};
 * {@code deploy approve|rollback|abort RUN_ID} (or the terminal's prompt) writes {@code answer-TASK.json}, which the
 * gate reads; the gate, done, keeps the answer it used as {@code answered-TASK-….json}, so that a resumed run asks
 * again but an answer the run had not yet used when it died still counts. Each file is written whole to a temporary
 * name and renamed: a reader sees no file or all of it. Files are the owner's alone (0600 in a 0700 directory).
 */
public final class ApprovalBox {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A gate waiting for an answer: which task, after which batch, the process (pid on host) and since when. */
    public record Waiting(TaskId task, String after, long pid, String host, Instant since) {
    }

    /** The gate has an answer already; a second one would contradict it. */
    public static final class AlreadyAnswered extends IOException {
        AlreadyAnswered(String message) {
            super(message);
        }
    }

    private final Path dir;

    public ApprovalBox(Path dir) {
        this.dir = dir;
    }

    /** The box of a run, under this machine's state directory. */
    public static ApprovalBox of(RunId runId) {
        return new ApprovalBox(StateDirectory.ofRun(runId).resolve("approvals"));
    }

    public Path dir() {
        return dir;
    }

    // ---- the gate's side

    /** Says that {@code w.task()} waits for an answer. */
    public void startWaiting(Waiting w) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", w.task().toString());
        m.put("after", w.after());
        m.put("pid", w.pid());
        m.put("host", w.host());
        m.put("since", w.since().toString());
        write(dir.resolve("waiting-" + w.task() + ".json"), m);
    }

    /** The answer to {@code task}, if one was given and not yet used. */
    public Optional<Approval> answerTo(TaskId task) throws IOException {
        Path file = answerFile(task);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return Optional.of(approval(file, text));
    }

    /** The gate is done: no longer waiting, and the answer it used (if any) kept but no longer its answer. */
    public void doneWaiting(TaskId task) throws IOException {
        Files.deleteIfExists(dir.resolve("waiting-" + task + ".json"));
        Path answer = answerFile(task);
        if (Files.exists(answer)) {
            String kept = "answered-" + task + "-" + Instant.now().toEpochMilli() + "-" + HexFormat.of().formatHex(randomBytes()) + ".json";
            Files.move(answer, dir.resolve(kept), StandardCopyOption.ATOMIC_MOVE);
        }
    }

    // ---- the answering side

    /** The gates of this run waiting now, in task order. */
    public List<Waiting> waiting() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Waiting> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("waiting-[0-9.]+\\.json")).toList()) {
                String text;
                try {
                    text = Files.readString(f, StandardCharsets.UTF_8);
                } catch (NoSuchFileException gone) {
                    continue;
                }
                all.add(waiting(f, text));
            }
        }
        all.sort((a, b) -> a.task().compareTo(b.task()));
        return all;
    }

    /** Gives {@code task} its answer; refused when it has one already. */
    public void answer(TaskId task, Approval approval) throws IOException {
        Optional<Approval> earlier = answerTo(task);
        if (earlier.isPresent()) {
            throw new AlreadyAnswered("the approval gate " + task + " is already answered: " + earlier.get().signedOff());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("answer", approval.answer().word());
        m.put("user", approval.user());
        m.put("host", approval.host());
        m.put("at", approval.at().toString());
        m.put("via", approval.via());
        write(answerFile(task), m);
    }

    private Path answerFile(TaskId task) {
        return dir.resolve("answer-" + task + ".json");
    }

    /** Whole to a temporary name beside it, to the disk, then renamed over: no reader sees it half written. */
    private void write(Path file, Map<String, Object> content) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path temp = dir.resolve("." + file.getFileName() + "." + HexFormat.of().formatHex(randomBytes()) + ".tmp");
        try {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(content)));
                ch.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot rename " + temp + " to " + file + " atomically", e);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        return b;
    }

    private static Approval approval(Path file, String text) throws IOException {
        JsonNode n = parse(file, text);
        String word = n.path("answer").asText("");
        Approval.Answer answer = Approval.Answer.of(word).orElseThrow(() -> new IOException(file
                + ": expected an answer continue, rollback or abort, got '" + word + "'"));
        return new Approval(answer, field(file, n, "user"), field(file, n, "host"), instant(file, n, "at"), field(file, n, "via"));
    }

    private static Waiting waiting(Path file, String text) throws IOException {
        JsonNode n = parse(file, text);
        TaskId task;
        try {
            task = TaskId.parse(field(file, n, "task"));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage());
        }
        return new Waiting(task, field(file, n, "after"), n.path("pid").asLong(), field(file, n, "host"), instant(file, n, "since"));
    }

    private static JsonNode parse(Path file, String text) throws IOException {
        try {
            JsonNode n = JSON.readTree(text);
            if (n == null || !n.isObject()) {
                throw new IOException(file + ": expected a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not JSON: " + e.getOriginalMessage());
        }
    }

    private static String field(Path file, JsonNode n, String name) throws IOException {
        JsonNode v = n.get(name);
        if (v == null || !v.isTextual()) {
            throw new IOException(file + ": expected a string '" + name + "'");
        }
        return v.asText();
    }

    private static Instant instant(Path file, JsonNode n, String name) throws IOException {
        try {
            return Instant.parse(field(file, n, name));
        } catch (DateTimeParseException e) {
            throw new IOException(file + ": '" + name + "' is not a time: " + n.get(name).asText());
        }
    }
}
