package deployer.core.internal.exec;

import deployer.core.spi.ExecOptions;
import deployer.core.spi.ExecResult;
import deployer.core.spi.HostException;
import deployer.core.spi.RemoteHost;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * A task's view of a shared host that changes only how its command lines run ({@link #adjust}): file transfers and
 * everything else go to the host as they are. Closing it leaves the shared host open: the run's HostPool owns it.
 */
abstract class AdjustingHost implements RemoteHost {

    private final RemoteHost host;

    AdjustingHost(RemoteHost host) {
        this.host = host;
    }

    /** The options a command line runs with on the shared host. */
    abstract ExecOptions adjust(ExecOptions options);

    @Override
    public String name() {
        return host.name();
    }

    @Override
    public ExecResult execute(String commandLine, ExecOptions options) throws HostException, InterruptedException {
        return host.execute(commandLine, adjust(options));
    }

    @Override
    public ExecResult execute(String commandLine, ExecOptions options, InputStream stdin, OutputStream stdout)
            throws HostException, InterruptedException {
        return host.execute(commandLine, adjust(options), stdin, stdout);
    }

    @Override
    public void put(Path localFile, String remotePath) throws HostException, InterruptedException {
        host.put(localFile, remotePath);
    }

    @Override
    public void get(String remotePath, Path localFile) throws HostException, InterruptedException {
        host.get(remotePath, localFile);
    }

    @Override
    public boolean exists(String remotePath) throws HostException, InterruptedException {
        return host.exists(remotePath);
    }

    @Override
    public void close() {
        // The run's HostPool owns and closes the shared host.
    }
}
