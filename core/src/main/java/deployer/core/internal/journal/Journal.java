package deployer.core.internal.journal;

import com.fasterxml.jackson.databind.ObjectMapper;
import deployer.core.exec.RunEvent;
import deployer.core.exec.RunListener;
import deployer.core.exec.TaskResult;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Appends a run's events to a journal file as JSON lines (format version {@value #VERSION}, see docs/reference/formats.md, "The journal"), each
 * line written before the event's publisher goes on: a task's start is in the file before it runs, so after the
 * deployer dies (a crash, kill -9) {@code --resume} knows which tasks may have half-run. A resumed run appends to
 * the journal it resumes, so one file holds a deploy's whole history. Output lines are not journalled (they are in
 * the log).
 *
 * <p>Lines reach the disk itself (fsync) in groups, at most {@link #SYNC_DELAY} after they were written, and at once
 * at the end of the run: events are published under one lock, and an fsync per event (two per task, ~1 ms each
 * here) serialized 500 hosts' task starts behind ~0.5 s of disk waits. Only a power loss of the deploying machine
 * can lose the last {@link #SYNC_DELAY} of lines; a resume then runs those tasks again.
 */
public final class Journal implements RunListener, AutoCloseable {

    public static final int VERSION = 1;
    /** How long a written line may wait for the group fsync. */
    static final Duration SYNC_DELAY = Duration.ofMillis(100);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    /**
     * A stream, not a FileChannel: a channel is closed for good by a write from a thread whose interrupt flag is set,
     * and the tasks that an abort interrupts are the ones whose ends the journal must still record.
     */
    private final FileOutputStream out;
    private final String runId;
    private final String tasklistSha256;
    /** The run's environment ({@code --environment}), or null. */
    private final String environment;
    /** Lines written since the last fsync; guarded by this. */
    private boolean unsynced;
    private boolean closed;
    private Thread syncer;

    private Journal(Path file, FileOutputStream out, String runId, String tasklistSha256, String environment) {
        this.environment = environment;
        this.file = file;
        this.out = out;
        this.runId = runId;
        this.tasklistSha256 = tasklistSha256;
    }

    /** Opens (creating it 0600, or appending) the journal of a run. */
    public static Journal open(Path file, String runId, String tasklistSha256) throws IOException {
        return open(file, runId, tasklistSha256, null);
    }

    /** Opens the journal of a run for an environment: its {@code run_started} line says which. */
    public static Journal open(Path file, String runId, String tasklistSha256, String environment) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        return new Journal(file, new FileOutputStream(file.toFile(), true), runId, tasklistSha256, environment);
    }

    public Path file() {
        return file;
    }

    @Override
    public void onEvent(RunEvent event) {
        Map<String, Object> line = line(event);
        if (line != null) {
            line.put("at", event.at().toString());
            write(line);
        }
    }

    private Map<String, Object> line(RunEvent event) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (event instanceof RunEvent.RunStarted e) {
            m.put("journal_version", VERSION);
            m.put("event", "run_started");
            m.put("run_id", runId);
            m.put("tasklist", e.tasklist().name());
            m.put("tasklist_sha256", tasklistSha256);
            if (environment != null) {
                m.put("environment", environment);
            }
        } else if (event instanceof RunEvent.StageStarted e) {
            m.put("event", "stage_started");
            m.put("stage", e.number());
            m.put("name", e.stage().name());
        } else if (event instanceof RunEvent.StageSkipped e) {
            m.put("event", "stage_skipped");
            m.put("stage", e.number());
            m.put("name", e.stage().name());
            m.put("why", e.why());
        } else if (event instanceof RunEvent.TaskStarted e) {
            m.put("event", "task_started");
            m.put("task", e.task().id().toString());
            m.put("host", e.task().hostKey());
            m.put("command", e.task().task().command());
            m.put("attempt", e.attempt());
        } else if (event instanceof RunEvent.TaskRetrying e) {
            m.put("event", "task_retrying");
            m.put("task", e.task().id().toString());
            m.put("host", e.task().hostKey());
            m.put("failed_attempt", e.failedAttempt());
            m.put("reason", String.valueOf(e.failure().reason()));
            m.put("message", e.failure().message());
            m.put("delay_ms", e.delay().toMillis());
        } else if (event instanceof RunEvent.TaskFinished e) {
            TaskResult r = e.result();
            m.put("event", "task_finished");
            m.put("task", r.id().toString());
            m.put("host", r.host());
            m.put("command", r.command());
            m.put("status", r.status().name());
            m.put("reason", r.reason() == null ? null : r.reason().name());
            m.put("message", r.message());
            m.put("started", r.started() == null ? null : r.started().toString());
            m.put("finished", r.finished() == null ? null : r.finished().toString());
        } else if (event instanceof RunEvent.Warning e) {
            m.put("event", "warning");
            m.put("severity", e.severity().name());
            m.put("message", e.message());
        } else if (event instanceof RunEvent.StageFinished e) {
            m.put("event", "stage_finished");
            m.put("stage", e.number());
            m.put("failed", e.results().stream().anyMatch(TaskResult::failed));
        } else if (event instanceof RunEvent.RunFinished e) {
            m.put("event", "run_finished");
            m.put("status", e.report().status().name());
        } else {
            return null;
        }
        return m;
    }

    private void write(Map<String, Object> line) {
        try {
            byte[] text = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
            synchronized (this) {
                out.write(text);
                unsynced = true;
                if (syncer == null) {
                    syncer = new Thread(this::syncInGroups, "journal-sync " + file.getFileName());
                    syncer.setDaemon(true);
                    syncer.start();
                }
                notifyAll();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the journal " + file + ": " + e.getMessage(), e);
        }
        if ("run_finished".equals(line.get("event"))) {
            sync();
        }
    }

    /** The syncer's loop: after a first unsynced line, waits {@link #SYNC_DELAY} for others, then syncs them all. */
    private void syncInGroups() {
        try {
            while (true) {
                synchronized (this) {
                    while (!unsynced && !closed) {
                        wait();
                    }
                    if (closed) {
                        return;
                    }
                }
                Thread.sleep(SYNC_DELAY.toMillis());
                sync();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Forces what was written to the disk; outside the lock, so writers go on meanwhile. */
    private void sync() {
        synchronized (this) {
            if (!unsynced || closed) {
                return;
            }
            unsynced = false;
        }
        try {
            out.getFD().sync();
        } catch (IOException e) {
            // The lines are written; only their durability against a power loss is in doubt. The next sync or the
            // close tries again.
            synchronized (this) {
                unsynced = true;
            }
        }
    }

    @Override
    public void close() throws IOException {
        sync();
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        out.close();
    }
}
