package deployer.core.internal.cli;

import deployer.core.model.InputFileException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * Writes a new secrets key to its own file, as {@code ssh-keygen} writes a private key: the file is created 0600
 * (never widened by the umask, never an existing file overwritten: that key may be the only one that opens an
 * environment's secrets), and the folders missing on the way are created 0700.
 */
final class KeyFileWriter {

    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_DIR =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private KeyFileWriter() {
    }

    static void writeNew(Path file, String key) throws InputFileException {
        String what = "--out " + file;
        try {
            makeMissingFolders(file.toAbsolutePath().getParent());
            // CREATE_NEW: atomic "fail if it exists"; the attribute sets the mode at creation, before a byte is written.
            try (var channel = Files.newByteChannel(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), PRIVATE_FILE)) {
                channel.write(java.nio.ByteBuffer.wrap((key + "\n").getBytes(StandardCharsets.US_ASCII)));
            }
            // The umask may have narrowed the mode; it cannot have widened it. Set it exactly.
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (FileAlreadyExistsException e) {
            throw new InputFileException(what, "already exists; not overwritten (it may be the only key to an environment's"
                    + " secrets): remove it first, or choose another file");
        } catch (IOException e) {
            throw InputFileException.of(what, e);
        }
    }

    /** Creates each missing folder of {@code dir} 0700, outermost first; existing ones are left as they are. */
    private static void makeMissingFolders(Path dir) throws IOException {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path d = dir; d != null && !Files.exists(d); d = d.getParent()) {
            missing.push(d);
        }
        for (Path d : missing) {
            Files.createDirectory(d, PRIVATE_DIR);
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx------"));
        }
    }
}
