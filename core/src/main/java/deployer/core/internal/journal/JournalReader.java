package deployer.core.internal.journal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import deployer.core.model.InputFileException;
import deployer.core.model.InvalidInputException;
import deployer.core.model.RunId;
import deployer.core.model.TaskId;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a journal written by {@link Journal} into each task's last state. A journal is input like any other (it
 * may be damaged, or crafted): every problem is one located line ({@code FILE:LINE: what was expected}), told in
 * our words, never a decoder's or a constructor's.
 */
public final class JournalReader {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final String LINE_FORM = "expected one JSON object per line, as a deploy run writes";

    private JournalReader() {
    }

    /**
     * @throws InvalidInputException when the file is missing, unreadable, not text, of an unknown version, holds no
     *                               run or a line that is not a journal line; a damaged line is not fatal when it is
     *                               the last one (a crash cut it short)
     */
    public static JournalState read(Path file) throws InvalidInputException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InputFileException(file.toString(), "no such journal file");
        } catch (IOException e) {
            throw new InputFileException(file.toString(), "cannot read the journal: " + InputFileException.reason(e));
        }
        List<byte[]> lines = lines(bytes);
        Map<TaskId, JournalState.TaskState> tasks = new HashMap<>();
        List<String> problems = new ArrayList<>();
        String runId = null;
        String hash = null;
        for (int i = 0; i < lines.size(); i++) {
            String where = file + ":" + (i + 1);
            boolean last = i == lines.size() - 1;
            Optional<String> text = text(lines.get(i));
            if (text.isEmpty()) {
                if (last && i > 0) {
                    problems.add(where + ": last line cut short (ignored)");
                    continue;
                }
                throw i == 0
                        ? new InputFileException(file.toString(), "not a journal: the file holds binary data (a journal is"
                                + " text, one JSON object per line, as a deploy run writes)")
                        : new InputFileException(where, "not text (bytes that are not UTF-8, or NUL); " + LINE_FORM);
            }
            if (text.get().isBlank()) {
                continue;
            }
            JsonNode line;
            try {
                line = JSON.readTree(text.get());
            } catch (IOException e) {
                if (last) {
                    problems.add(where + ": last line cut short (ignored)");
                    continue;
                }
                throw new InputFileException(where, "not a journal line (" + LINE_FORM + ")");
            }
            if (!line.isObject()) {
                throw new InputFileException(where, "not a journal line: found " + kind(line) + "; " + LINE_FORM);
            }
            String event = line.path("event").asText("");
            switch (event) {
                case "run_started" -> {
                    int version = line.path("journal_version").asInt(-1);
                    if (version != Journal.VERSION) {
                        throw new InputFileException(where, "journal version " + version
                                + " is not supported (this deployer reads version " + Journal.VERSION + ")");
                    }
                    runId = runId(line, where);
                    hash = line.path("tasklist_sha256").asText("");
                    if (!line.path("tasklist_sha256").isTextual() || hash.isEmpty()) {
                        throw new InputFileException(where, "run_started has no tasklist_sha256 (the hash of the plan it ran)");
                    }
                }
                case "task_started" -> tasks.put(taskId(line, where), JournalState.TaskState.STARTED_WITHOUT_END);
                case "task_finished" -> {
                    TaskId id = taskId(line, where);
                    try {
                        String status = line.path("status").asText();
                        // A task a resumed run did not run again is still done.
                        tasks.put(id, JournalState.TaskState.valueOf(status.equals("ALREADY_DONE") ? "SUCCEEDED" : status));
                    } catch (IllegalArgumentException e) {
                        problems.add(where + ": unknown task status " + quote(line.path("status").asText()) + " (ignored)");
                    }
                }
                default -> {
                    // stage and run lines, warnings, retries: not needed to resume
                }
            }
        }
        if (hash == null) {
            throw new InputFileException(file.toString(), "the journal holds no run (no run_started line)");
        }
        return new JournalState(file, runId, hash, tasks, problems);
    }

    /** The file's lines as bytes, split at LF, so that each line is decoded (and blamed) alone. */
    private static List<byte[]> lines(byte[] bytes) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                if (i > start || i < bytes.length) {
                    lines.add(java.util.Arrays.copyOfRange(bytes, start, i));
                }
                start = i + 1;
            }
        }
        return lines;
    }

    /** The line as text; empty when it is not UTF-8 or holds a NUL (what no journal writer writes). */
    private static Optional<String> text(byte[] line) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(line)).toString();
            return s.indexOf('\0') >= 0 ? Optional.empty() : Optional.of(s);
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static String runId(JsonNode line, String where) throws InputFileException {
        JsonNode value = line.path("run_id");
        if (!value.isTextual()) {
            throw new InputFileException(where, "run_started has no run_id (expected a run id such as 20261127T132713Z-4f9a)");
        }
        try {
            return new RunId(value.asText()).value();
        } catch (IllegalArgumentException e) {
            // Not echoed: a crafted id is made to look like something else (a shell line, a log line).
            throw new InputFileException(where, "run_id is not a run id: expected letters, digits, '.', '_' and '-'"
                    + " (such as 20261127T132713Z-4f9a)");
        }
    }

    private static TaskId taskId(JsonNode line, String where) throws InputFileException {
        String text = line.path("task").asText("");
        try {
            return TaskId.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InputFileException(where, "bad task id " + quote(text) + ": expected STAGE.ITEM or STAGE.ITEM.LINK (e.g. 2.1)");
        }
    }

    private static String kind(JsonNode n) {
        return n.isArray() ? "an array" : n.isTextual() ? "a string" : n.isNumber() ? "a number" : n.isBoolean() ? "true or false" : "null";
    }

    /** A value from the file in quotes, with anything not printable escaped, cut at 60 characters. */
    private static String quote(String s) {
        StringBuilder b = new StringBuilder("'");
        s.codePoints().limit(60).forEach(c -> {
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || Character.getType(c) == Character.FORMAT) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.append(s.codePointCount(0, s.length()) > 60 ? "…'" : "'").toString();
    }
}
