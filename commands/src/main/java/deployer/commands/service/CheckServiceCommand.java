package deployer.commands.service;

import deployer.core.spi.CommandArgument;
import java.util.List;
import static deployer.core.spi.CommandArgument.Type.*;
import static deployer.core.spi.CommandArgument.optional;
import static deployer.core.spi.CommandArgument.required;

import deployer.commands.support.Poller;
import deployer.commands.support.ShellCheck;
import deployer.commands.support.Template;
import deployer.commands.support.TemplateValues;
import deployer.commands.support.Waits;
import deployer.core.spi.Arguments;
import deployer.core.spi.Command;
import deployer.core.spi.CommandContext;
import deployer.core.spi.CommandResult;

import java.time.Duration;

/** Polls a service's check command until it says the wanted state ({@code up}: exit 0, {@code down}: non-zero). */
public final class CheckServiceCommand implements Command {

    /** Declared once: checked before initialize, listed in COMMANDS.md and the tasklist schema. */
    static final List<CommandArgument> ARGUMENTS = TemplateValues.arguments(true, required("check_command", STRING, "template"), optional("want_state", STRING, "up", "`up`|`down`"), Waits.timeoutArgument("check_timeout"), Waits.INTERVAL);

    @Override
    public List<CommandArgument> arguments() {
        return ARGUMENTS;
    }

    @Override
    public String summary() {
        return "polls until the check exits 0 (`up`) or non-zero (`down`); TIMEOUT otherwise; a progress line every 30 s";
    }

    private TemplateValues values;
    private Template check;
    private ServiceState want;
    private Duration timeout;
    private Duration interval;

    @Override
    public String name() {
        return "check_service";
    }

    /** Running it again is safe: only checks. */
    @Override
    public boolean idempotent() {
        return true;
    }

    @Override
    public String describe() {
        return "wait until " + values.get("servicename").orElse("the service") + " is " + want.word() + ": " + values.fill(check);
    }

    @Override
    public void initialize(Arguments args) {
        values = TemplateValues.read(args, true);
        check = values.required("check_command", Template.Kind.SHELL);
        String state = args.string("want_state", "up");
        want = switch (state) {
            case "up" -> ServiceState.UP;
            case "down" -> ServiceState.DOWN;
            default -> {
                args.problem("argument 'want_state': expected \"up\" or \"down\", got \"" + state + "\"");
                yield ServiceState.UP;
            }
        };
        timeout = Waits.timeout(args, "check_timeout");
        interval = Waits.interval(args);
    }

    @Override
    public CommandResult execute(CommandContext context) throws Exception {
        String what = "service " + values.get("servicename").orElseThrow() + " " + want.word();
        Poller.Outcome outcome = new Poller().poll(context, what, timeout, interval,
                new ShellCheck(context, values.fill(check), want.want));
        return outcome.reached() ? CommandResult.succeeded(what) : outcome.failure(what);
    }
}
