package deployer.core.internal.exec;

import deployer.core.spi.ExecOptions;
import deployer.core.spi.ExecResult;
import deployer.core.spi.HostException;
import deployer.core.spi.OutputListener;
import deployer.core.spi.RemoteHost;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * A task's host whose command output lines also go to the run's event stream (as {@code OutputLine} events, which
 * the ad-hoc run prints per host), besides the command's own listener. Closing it leaves the shared host open.
 */
public final class TappedHost implements RemoteHost {

    private final RemoteHost host;
    private final OutputListener tap;

    public TappedHost(RemoteHost host, OutputListener tap) {
        this.host = host;
        this.tap = tap;
    }

    private ExecOptions tapped(ExecOptions options) {
        OutputListener own = options.output();
        return options.withOutput((line, stderr) -> {
            own.line(line, stderr);
            tap.line(line, stderr);
        });
    }

    @Override
    public String name() {
        return host.name();
    }

    @Override
    public ExecResult execute(String commandLine, ExecOptions options) throws HostException, InterruptedException {
        return host.execute(commandLine, tapped(options));
    }

    @Override
    public ExecResult execute(String commandLine, ExecOptions options, InputStream stdin, OutputStream stdout)
            throws HostException, InterruptedException {
        return host.execute(commandLine, tapped(options), stdin, stdout);
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
        // The run's HostPool owns and closes the host.
    }
}
