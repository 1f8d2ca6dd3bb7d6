package deployer.core.spi;

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
