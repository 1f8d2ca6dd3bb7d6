package deployer.core.exec.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import deployer.core.model.InvalidInputException;
import deployer.core.model.Problem;
import deployer.core.model.TaskId;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads a journal written by {@link Journal} into each task's last state. */
public final class JournalReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JournalReader() {
    }

    /**
     * @throws InvalidInputException when the file is missing, unreadable, of an unknown version or holds no run;
     *                               a damaged line is not fatal when it is the last one (a crash cut it short)
     */
    public static JournalState read(Path file) throws InvalidInputException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(List.of(new Problem(file.toString(), "no such journal file")));
        } catch (IOException e) {
            throw new InvalidInputException(List.of(new Problem(file.toString(), "cannot read the journal: " + e.getMessage())));
        }
        Map<TaskId, JournalState.TaskState> tasks = new HashMap<>();
        List<String> problems = new ArrayList<>();
        String runId = null;
        String hash = null;
        for (int i = 0; i < lines.size(); i++) {
            String where = file + ":" + (i + 1);
            if (lines.get(i).isBlank()) {
                continue;
            }
            JsonNode line;
            try {
                line = JSON.readTree(lines.get(i));
            } catch (IOException e) {
                if (i == lines.size() - 1) {
                    problems.add(where + ": last line cut short (ignored)");
                    continue;
                }
                throw new InvalidInputException(List.of(new Problem(where, "not a journal line (expected one JSON object per line)")));
            }
            String event = line.path("event").asText("");
            switch (event) {
                case "run_started" -> {
                    int version = line.path("journal_version").asInt(-1);
                    if (version != Journal.VERSION) {
                        throw new InvalidInputException(List.of(new Problem(where, "journal version " + version
                                + " is not supported (this deployer reads version " + Journal.VERSION + ")")));
                    }
                    runId = line.path("run_id").asText(null);
                    hash = line.path("tasklist_sha256").asText(null);
                }
                case "task_started" -> taskId(line, where).ifPresent(id -> tasks.put(id, JournalState.TaskState.STARTED_WITHOUT_END));
                case "task_finished" -> {
                    var id = taskId(line, where);
                    if (id.isPresent()) {
                        try {
                            String status = line.path("status").asText();
                            // A task a resumed run did not run again is still done.
                            tasks.put(id.get(), JournalState.TaskState.valueOf(status.equals("ALREADY_DONE") ? "SUCCEEDED" : status));
                        } catch (IllegalArgumentException e) {
                            problems.add(where + ": unknown task status '" + line.path("status").asText() + "' (ignored)");
                        }
                    }
                }
                default -> {
                    // stage and run lines, warnings, retries: not needed to resume
                }
            }
        }
        if (hash == null) {
            throw new InvalidInputException(List.of(new Problem(file.toString(), "the journal holds no run (no run_started line)")));
        }
        return new JournalState(file, runId, hash, tasks, problems);
    }

    private static Optional<TaskId> taskId(JsonNode line, String where) throws InvalidInputException {
        String text = line.path("task").asText("");
        try {
            return Optional.of(TaskId.parse(text));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(List.of(new Problem(where, "bad task id '" + text + "'")));
        }
    }
}
