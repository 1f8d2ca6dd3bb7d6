package deployer.commands.service;

import deployer.core.spi.CommandArgument;
import java.util.List;
import static deployer.core.spi.CommandArgument.Type.*;
import static deployer.core.spi.CommandArgument.optional;
import static deployer.core.spi.CommandArgument.required;

import deployer.commands.support.ShellCheck;
import deployer.commands.support.Template;
import deployer.commands.support.TemplateValues;
import deployer.commands.support.Waits;
import deployer.core.spi.Arguments;
import deployer.core.spi.Command;
import deployer.core.spi.CommandContext;
import deployer.core.spi.CommandResult;

import java.time.Duration;
import java.util.Optional;

/**
 * Takes a host out of, or puts it back into, a load balancer with vendor-neutral command templates from the
 * config: {@code shell} asks for the change, {@code check_command} (optional) exits 0 once it has happened.
 */
abstract class LoadBalancerCommand implements Command {

    /** Declared once: checked before initialize, listed in COMMANDS.md and the tasklist schema. */
    static final List<CommandArgument> ARGUMENTS = TemplateValues.arguments(true, required("shell", STRING, "template"), optional("check_command", STRING, "template: exits 0 once the state is reached"), Waits.timeoutArgument("lb_timeout"), Waits.INTERVAL);

    @Override
    public List<CommandArgument> arguments() {
        return ARGUMENTS;
    }

    @Override
    public String summary() {
        return "generic: vendor-neutral command templates from config";
    }

    private TemplateValues values;
    private Template command;
    private Template check;
    private Duration timeout;
    private Duration interval;

    /** "disabled in" or "enabled in", for messages. */
    abstract String change();

    @Override
    public String describe() {
        return "take " + values.get("servicename").orElse("the service") + " " + (name().startsWith("enable") ? "into" : "out of") + " the load balancer: " + values.fill(command);
    }

    @Override
    public void initialize(Arguments args) {
        values = TemplateValues.read(args, true);
        command = values.required("shell", Template.Kind.SHELL);
        check = values.optional("check_command", Template.Kind.SHELL);
        timeout = Waits.commandTimeout(args, "lb_timeout");
        interval = Waits.interval(args);
    }

    @Override
    public CommandResult execute(CommandContext context) throws Exception {
        String what = values.get("servicename").orElseThrow() + " on " + values.get("hostname").orElseThrow()
                + " " + change() + " the load balancer";
        return new ControlThenWait(what, values.fill(command), Optional.ofNullable(check).map(values::fill),
                ShellCheck.Want.EXIT_ZERO, timeout, interval).run(context);
    }
}
