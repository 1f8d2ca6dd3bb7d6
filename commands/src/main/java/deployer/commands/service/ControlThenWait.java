package deployer.commands.service;

import deployer.commands.support.Failures;
import deployer.commands.support.Poller;
import deployer.commands.support.ShellCheck;
import deployer.core.spi.CommandContext;
import deployer.core.spi.CommandResult;
import deployer.core.spi.ExecOptions;
import deployer.core.spi.ExecResult;

import java.time.Duration;
import java.util.Optional;

/**
 * The shape shared by service control and load balancer commands: run a control command (bounded by the
 * timeout, so a start script that never returns fails instead of hanging the deploy), then, when there is a
 * check command, poll it until it reports the wanted state within the same timeout.
 */
record ControlThenWait(String what, String controlLine, Optional<String> checkLine, ShellCheck.Want want,
                       Duration timeout, Duration interval) {

    CommandResult run(CommandContext context) throws Exception {
        ExecResult r = context.run(controlLine, ExecOptions.DEFAULT.withTimeout(timeout));
        if (!r.succeeded()) {
            return Failures.of(what + ": control command", r);
        }
        if (checkLine.isEmpty()) {
            return CommandResult.changed(what + ": control command done (no check command)");
        }
        Poller.Outcome outcome = new Poller().poll(context, what, timeout, interval,
                new ShellCheck(context, checkLine.get(), want));
        return outcome.reached() ? CommandResult.changed(what) : outcome.failure(what);
    }
}
