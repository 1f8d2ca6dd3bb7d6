package deployer.commands.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Release packages downloaded by this machine, kept by checksum ({@code <dir>/<sha256>/<file name>}) so that a
 * package is downloaded once however many hosts, runs and deploys use it. An entry appears only whole and verified:
 * it is downloaded to a temporary name beside it, its SHA-256 compared, then moved into place.
 */
final class ReleaseCache {

    /** Where the bytes come from. */
    @FunctionalInterface
    interface Download {
        void to(Path file) throws IOException, InterruptedException;
    }

    /** The download's bytes are not the package the plan names: nothing is cached. */
    static final class ChecksumMismatch extends IOException {
        final String expected;
        final String got;

        ChecksumMismatch(String expected, String got) {
            super("checksum mismatch: expected sha256 " + expected + ", got " + got);
            this.expected = expected;
            this.got = got;
        }
    }

    /** What {@link #get} did: the entry, and whether it was downloaded now. */
    record Entry(Path file, boolean downloaded) {
    }

    /**
     * One download per entry at a time in this process (a stage fetches the same release for many hosts side by
     * side); the file lock beside the entry does the same between processes, which JVM threads cannot share.
     */
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path dir;

    ReleaseCache(Path dir) {
        this.dir = dir;
    }

    /** {@code $XDG_CACHE_HOME/deployer/releases}, else {@code ~/.cache/deployer/releases} (the XDG base directory spec). */
    static Path defaultDir(Map<String, String> env, String home) {
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg) : Path.of(home, ".cache");
        return base.resolve("deployer").resolve("releases");
    }

    Path dir() {
        return dir;
    }

    /** The verified entry, downloaded first when it is missing or its bytes no longer match. */
    Entry get(String sha256, String fileName, Download download) throws IOException, InterruptedException {
        Path folder = Files.createDirectories(dir.resolve(sha256));
        Path file = folder.resolve(fileName);
        ReentrantLock lock = IN_PROCESS.computeIfAbsent(file, f -> new ReentrantLock());
        lock.lockInterruptibly();
        try (FileChannel channel = FileChannel.open(folder.resolve("." + fileName + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            if (Files.isRegularFile(file) && sha256(file).equals(sha256)) {
                return new Entry(file, false);
            }
            Path part = Files.createTempFile(folder, "." + fileName + ".", ".part");
            try {
                download.to(part);
                String got = sha256(part);
                if (!got.equals(sha256)) {
                    throw new ChecksumMismatch(sha256, got);
                }
                try {
                    Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(part, file, StandardCopyOption.REPLACE_EXISTING);
                }
                return new Entry(file, true);
            } finally {
                Files.deleteIfExists(part);
            }
        } finally {
            lock.unlock();
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
