package deployer.core.internal.host;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The process group (and session) of one local command. Commands start through util-linux {@code setsid}, so a
 * Ctrl-C at the deployer's terminal (SIGINT to the terminal's foreground process group) reaches only the
 * deployer, which then decides what its commands get. Because the JVM's child is never a group leader,
 * {@code setsid} does not fork: the {@link Process} is the group leader and its pid is the group id.
 *
 * <p>Killing the group, not the process tree, also reaches children whose parent already died (a shell's
 * background jobs are re-parented to init but stay in the group). Linux only: members are read from /proc.
 */
public final class ProcessGroup {

    /** util-linux, which Debian marks essential; elsewhere commands run without their own group. */
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final Path PROC = Path.of("/proc");
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    private final long id;

    private ProcessGroup(long id) {
        this.id = id;
    }

    /** Whether commands can run in their own session here. */
    public static boolean supported() {
        return Files.isExecutable(SETSID) && Files.isDirectory(PROC.resolve("self"));
    }

    /** The command line that runs {@code argv} as the leader of a new session and process group. */
    public static List<String> wrap(List<String> argv) {
        if (!supported()) {
            return argv;
        }
        List<String> wrapped = new ArrayList<>();
        wrapped.add(SETSID.toString());
        wrapped.addAll(argv);
        return wrapped;
    }

    /** The group a process started through {@link #wrap} leads. */
    public static ProcessGroup ledBy(Process process) {
        return new ProcessGroup(process.pid());
    }

    public long id() {
        return id;
    }

    /** Live members (zombies left out: they are dead and only wait to be reaped). */
    public List<Long> members() {
        List<Long> found = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(PROC, p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
            for (Path proc : procs) {
                long[] stat = stat(proc);
                if (stat != null && stat[1] == id) {
                    found.add(stat[0]);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + PROC + ": " + e.getMessage(), e);
        }
        return found;
    }

    /** Pid and process group of a live process, or null (gone, a zombie, unreadable). */
    private static long[] stat(Path proc) {
        String line;
        try {
            line = Files.readString(proc.resolve("stat"));
        } catch (IOException e) {
            return null; // gone meanwhile, or not ours to read
        }
        // "pid (comm) state ppid pgrp session …"; comm may hold spaces and parentheses, so split after the last ')'.
        int close = line.lastIndexOf(')');
        if (close < 0) {
            return null;
        }
        String[] f = line.substring(close + 2).split(" ");
        if (f.length < 3 || f[0].equals("Z") || f[0].equals("X")) {
            return null;
        }
        return new long[]{Long.parseLong(proc.getFileName().toString()), Long.parseLong(f[2])};
    }

    /**
     * Ends every process of the group: TERM (a command may clean up, and {@code sudo} passes it on to the command
     * it runs as another user), then KILL what is left after {@code grace} (or at once when the calling thread is
     * interrupted meanwhile). Returns only when the group is empty or did not empty within a few seconds of KILL;
     * the thread's interrupt status is kept.
     *
     * @return whether the group is empty afterwards
     */
    public boolean terminate(Duration grace) {
        boolean interrupted = Thread.interrupted();
        try {
            signal("TERM");
            if (awaitEmpty(grace, true)) {
                return true;
            }
            signal("KILL");
            return awaitEmpty(KILL_WAIT, false);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Sends a signal to every member at once (kill(2) with a negative pid, through the shell's builtin kill). */
    private void signal(String name) {
        boolean interrupted = false;
        try {
            Process kill = new ProcessBuilder("/bin/sh", "-c", "kill -s " + name + " -- -\"$1\" 2>/dev/null", "sh", Long.toString(id))
                    .redirectErrorStream(true).start();
            kill.getInputStream().transferTo(OutputStream.nullOutputStream());
            while (true) {
                try {
                    kill.waitFor();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (IOException e) {
            // No shell to fork: signal the members one by one (a process forked meanwhile may slip by; the caller
            // checks the group afterwards).
            members().forEach(pid -> ProcessHandle.of(pid).ifPresent(name.equals("KILL") ? ProcessHandle::destroyForcibly : ProcessHandle::destroy));
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Polls /proc until no member is left or the time is up (or, if {@code interruptible}, the thread is interrupted). */
    private boolean awaitEmpty(Duration limit, boolean interruptible) {
        long deadline = System.nanoTime() + limit.toNanos();
        boolean interrupted = false;
        try {
            while (true) {
                if (members().isEmpty()) {
                    return true;
                }
                if (System.nanoTime() > deadline || (interruptible && interrupted)) {
                    return false;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "process group " + id;
    }
}
