package deployer.core.spi;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Where a command acts: this machine or an SSH host. One instance per host per run, shared by every task on
 * that host, so implementations must allow concurrent calls. Failures to reach the host are
 * {@link HostException}s with a {@link FailureReason}; a command that ran and failed is an {@link ExecResult}.
 */
public interface RemoteHost extends AutoCloseable {

    /** The host's key in the tasklist: {@code local}, {@code local:web1}, {@code be001}, {@code be001:2222}. */
    String name();

    /** Runs a shell command line (already quoted by the caller) and waits for it. */
    ExecResult execute(String commandLine, ExecOptions options) throws HostException, InterruptedException;

    /**
     * Runs a command line with its standard input and output wired to streams, byte for byte, nothing kept in memory
     * or on disk: what {@code stdin} gives is the command's input (its end is the command's end of input), and the
     * command's stdout is written to {@code stdout} as it comes. Neither stream is closed here. Stderr goes to the
     * options' listener and into the result's tail, as with {@link #execute(String, ExecOptions)}; the result's
     * stdout is empty. A {@code stdout} that fails to take more bytes (its reader went away) is drained into
     * nothing until the command ends, so the command never hangs on a full pipe. An interrupt ends the command.
     *
     * @param stdin the command's input, or null for none (end of input at once)
     */
    default ExecResult execute(String commandLine, ExecOptions options, InputStream stdin, OutputStream stdout)
            throws HostException, InterruptedException {
        throw new HostException(FailureReason.COMMAND_ERROR, name(), "this host cannot stream a command's input and output");
    }

    /** Copies a local file to a path on the host, replacing what is there. */
    void put(Path localFile, String remotePath) throws HostException, InterruptedException;

    /** Copies a file from the host to a local path. */
    void get(String remotePath, Path localFile) throws HostException, InterruptedException;

    /** Whether a file or directory exists on the host. */
    boolean exists(String remotePath) throws HostException, InterruptedException;

    /** Releases connections; a closed host fails further calls. Never throws. */
    @Override
    void close();
}
