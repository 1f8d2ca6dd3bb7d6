package deployer.core.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * How to run a command line on a host.
 *
 * @param sudo     run it through sudo, as root or as {@code sudoUser}; sudo never waits at a prompt (without a
 *                 configured password it runs {@code sudo -n}, with one it is given on stdin once)
 * @param pty      allocate a pseudo-terminal (some init scripts insist on one)
 * @param timeout  kill the command and fail with TIMEOUT after this long; {@link Duration#ZERO} waits forever
 * @param sudoUser the user sudo runs the command as; null for sudo's default (root)
 */
public record ExecOptions(boolean sudo, boolean pty, Duration timeout, OutputListener output, String sudoUser) {

    public static final int MAX_CAPTURED_STDOUT = 1 << 20;
    public static final int STDERR_TAIL_LINES = 20;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);
    public static final ExecOptions DEFAULT = new ExecOptions(false, false, DEFAULT_TIMEOUT, OutputListener.IGNORE);

    public ExecOptions(boolean sudo, boolean pty, Duration timeout, OutputListener output) {
        this(sudo, pty, timeout, output, null);
    }

    public ExecOptions {
        Objects.requireNonNull(timeout);
        output = output == null ? OutputListener.IGNORE : output;
    }

    public ExecOptions withSudo(boolean sudo) {
        return new ExecOptions(sudo, pty, timeout, output, sudo ? sudoUser : null);
    }

    /** Runs the command through sudo as this user (null: root). */
    public ExecOptions withSudoUser(String user) {
        return new ExecOptions(true, pty, timeout, output, user);
    }

    public ExecOptions withPty(boolean pty) {
        return new ExecOptions(sudo, pty, timeout, output, sudoUser);
    }

    public ExecOptions withTimeout(Duration timeout) {
        return new ExecOptions(sudo, pty, timeout, output, sudoUser);
    }

    public ExecOptions withOutput(OutputListener output) {
        return new ExecOptions(sudo, pty, timeout, output, sudoUser);
    }
}
