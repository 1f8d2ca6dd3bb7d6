package deployer.commands.support;

import deployer.core.spi.CommandContext;
import deployer.core.spi.ExecOptions;
import deployer.core.spi.ExecResult;

import java.time.Duration;

/**
 * A check command run on the task's host for {@link Poller}: its exit status is the state. Output is logged at
 * DEBUG only, since a check polled every second would otherwise flood the log; the last output goes into the
 * failure message instead.
 */
public final class ShellCheck implements Poller.Check {

    /** Which exit status counts as the wanted state. */
    public enum Want { EXIT_ZERO, EXIT_NON_ZERO }

    /** The shortest time a single check may run, even when the overall deadline is closer. */
    private static final Duration MIN_RUN = Duration.ofSeconds(1);

    private final CommandContext context;
    private final String commandLine;
    private final Want want;

    public ShellCheck(CommandContext context, String commandLine, Want want) {
        this.context = context;
        this.commandLine = commandLine;
        this.want = want;
    }

    @Override
    public Poller.Probe probe(Duration remaining) throws deployer.core.spi.HostException, InterruptedException {
        context.log().debug("Checking: {}", commandLine);
        Duration limit = remaining.compareTo(MIN_RUN) < 0 ? MIN_RUN : remaining;
        ExecResult r = context.host().execute(commandLine, ExecOptions.DEFAULT.withTimeout(limit)
                .withOutput((line, stderr) -> context.log().debug("{}", line)));
        boolean reached = r.exitStatus() != null && (want == Want.EXIT_ZERO) == (r.exitStatus() == 0);
        String detail = (r.exitStatus() == null ? "no exit status" : "exit status " + r.exitStatus())
                + " from " + commandLine;
        return new Poller.Probe(reached, detail, r.stderrTail());
    }
}
