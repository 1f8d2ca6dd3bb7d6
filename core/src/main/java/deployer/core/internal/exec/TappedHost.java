package deployer.core.internal.exec;

import deployer.core.spi.ExecOptions;
import deployer.core.spi.OutputListener;
import deployer.core.spi.RemoteHost;

/**
 * A task's host whose command output lines also go to the run's event stream (as {@code OutputLine} events, which
 * the ad-hoc run prints per host), besides the command's own listener. Closing it leaves the shared host open.
 */
public final class TappedHost extends AdjustingHost {

    private final OutputListener tap;

    public TappedHost(RemoteHost host, OutputListener tap) {
        super(host);
        this.tap = tap;
    }

    @Override
    ExecOptions adjust(ExecOptions options) {
        OutputListener own = options.output();
        return options.withOutput((line, stderr) -> {
            own.line(line, stderr);
            tap.line(line, stderr);
        });
    }
}
