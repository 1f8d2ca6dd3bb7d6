package deployer.core.testing;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What Linux says about processes, read from /proc independently of the code under test: which processes are
 * left in a process group or session (zombies do not count: they are dead and only wait for their parent).
 */
public final class Procs {

    /** One live process: pid, parent, process group, session and command line. */
    public record Proc(long pid, long ppid, long pgid, long sid, String cmdline) {
    }

    private Procs() {
    }

    public static Optional<Proc> of(long pid) {
        return read(Path.of("/proc", Long.toString(pid)));
    }

    public static List<Proc> all() {
        List<Proc> found = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            dirs.forEach(d -> read(d).ifPresent(found::add));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }

    public static List<Proc> inGroup(long pgid) {
        return all().stream().filter(p -> p.pgid() == pgid).toList();
    }

    public static List<Proc> inSession(long sid) {
        return all().stream().filter(p -> p.sid() == sid).toList();
    }

    private static Optional<Proc> read(Path dir) {
        try {
            String stat = Files.readString(dir.resolve("stat"));
            // "pid (comm) state ppid pgrp session …": comm may hold spaces, so split after the last ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            if (f[0].equals("Z") || f[0].equals("X")) {
                return Optional.empty();
            }
            String cmdline = new String(Files.readAllBytes(dir.resolve("cmdline"))).replace('\0', ' ').trim();
            return Optional.of(new Proc(Long.parseLong(dir.getFileName().toString()), Long.parseLong(f[1]),
                    Long.parseLong(f[2]), Long.parseLong(f[3]), cmdline));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // ended meanwhile
        }
    }
}
