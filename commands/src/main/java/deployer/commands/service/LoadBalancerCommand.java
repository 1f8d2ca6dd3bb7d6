package deployer.commands.service;

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
