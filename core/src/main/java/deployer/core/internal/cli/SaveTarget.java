package deployer.core.internal.cli;

import deployer.core.model.InputFileException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks {@code --save FILE} before any work: the plan is written beside FILE then renamed, so FILE's directory
 * must exist and take a new file. Found at the start, a bad path costs nothing; found at the end, it wastes the
 * whole generation (and its SSH version reads).
 */
final class SaveTarget {

    private SaveTarget() {
    }

    static Path check(String value) throws InputFileException {
        return check("--save", value);
    }

    /** The same check for another option that writes a file (a report). */
    static Path check(String option, String value) throws InputFileException {
        String what = option + " " + value;
        Path file = Path.of(value).toAbsolutePath();
        if (Files.isDirectory(file)) {
            throw new InputFileException(what, "is a directory; expected a file name");
        }
        Path dir = file.getParent();
        if (!Files.isDirectory(dir)) {
            throw new InputFileException(what, Files.exists(dir) ? "not a directory: " + dir : "no such directory: " + dir);
        }
        try {
            // A real probe, not Files.isWritable: ACLs, read-only mounts and dropped capabilities all show here.
            Files.delete(Files.createTempFile(dir, "." + file.getFileName(), ".probe"));
        } catch (IOException e) {
            throw InputFileException.of(what, e);
        }
        return file;
    }
}
