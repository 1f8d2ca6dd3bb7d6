package deployer.core.model;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * A file or directory the run was given cannot be used: missing, unreadable, unwritable, empty, of the wrong kind.
 * One problem, told in one line ({@code --logdir /var/log/x: permission denied}); exit code 2, nothing run.
 * The reason is the operating system's, in words, never a Java exception's text.
 */
public final class InputFileException extends InvalidInputException {

    public InputFileException(String what, String reason) {
        super(what, reason);
    }

    /**
     * @param what the option or file role and its path, e.g. {@code --save /x/plan.json}
     * @param e    what the file system said
     */
    public static InputFileException of(String what, IOException e) {
        return new InputFileException(what, reason(e));
    }

    /** The operating system's reason in lower case words: "permission denied", "not a directory", … */
    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists and is not a directory";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            // e.g. "Not a directory", "Read-only file system", "Is a directory"
            return fs.getReason().toLowerCase(Locale.ROOT);
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? "input/output error" : m;
    }
}
