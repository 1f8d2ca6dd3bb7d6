package deployer.core.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * How to run a command line on a host.
 *
 * @param sudo    run it through {@code sudo -n} (never prompts: a password prompt would hang the deploy)
 * @param pty     allocate a pseudo-terminal (some init scripts insist on one)
 * @param timeout kill the command and fail with TIMEOUT after this long; {@link Duration#ZERO} waits forever
 */
public record ExecOptions(boolean sudo, boolean pty, Duration timeout, OutputListener output) {

    public static final int MAX_CAPTURED_STDOUT = 1 << 20;
    public static final int STDERR_TAIL_LINES = 20;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);
    public static final ExecOptions DEFAULT = new ExecOptions(false, false, DEFAULT_TIMEOUT, OutputListener.IGNORE);

    public ExecOptions {
        Objects.requireNonNull(timeout);
        output = output == null ? OutputListener.IGNORE : output;
    }

    public ExecOptions withSudo(boolean sudo) {
        return new ExecOptions(sudo, pty, timeout, output);
    }

    public ExecOptions withPty(boolean pty) {
        return new ExecOptions(sudo, pty, timeout, output);
    }

    public ExecOptions withTimeout(Duration timeout) {
        return new ExecOptions(sudo, pty, timeout, output);
    }

    public ExecOptions withOutput(OutputListener output) {
        return new ExecOptions(sudo, pty, timeout, output);
    }
}
