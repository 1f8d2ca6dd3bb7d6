package deployer.commands.service;

import deployer.core.spi.CommandArgument;
import java.util.List;
import static deployer.core.spi.CommandArgument.Type.*;
import static deployer.core.spi.CommandArgument.optional;
import static deployer.core.spi.CommandArgument.required;

import deployer.commands.support.Template;
import deployer.commands.support.TemplateValues;
import deployer.commands.support.Waits;
import deployer.core.spi.Arguments;
import deployer.core.spi.Command;
import deployer.core.spi.CommandContext;
import deployer.core.spi.CommandResult;

import java.time.Duration;
import java.util.Optional;

/** Stop, start, restart or reload a service: its control command, then (with a check command) wait for the state. */
abstract class ServiceControlCommand implements Command {

    /** Declared once: checked before initialize, listed in COMMANDS.md and the tasklist schema. */
    static final List<CommandArgument> ARGUMENTS = TemplateValues.arguments(true, required("control_command", STRING, "template"), optional("check_command", STRING, ""), Waits.timeoutArgument("control_timeout"), Waits.INTERVAL);

    @Override
    public List<CommandArgument> arguments() {
        return ARGUMENTS;
    }

    private TemplateValues values;
    private Template control;
    private Template check;
    private Duration timeout;
    private Duration interval;

    /** The state the service must reach afterwards. */
    abstract ServiceState wanted();

    @Override
    public String describe() {
        return name().replace("_service", "") + " " + values.get("servicename").orElse("the service") + ": " + values.fill(control);
    }

    @Override
    public void initialize(Arguments args) {
        values = TemplateValues.read(args, true);
        control = values.required("control_command", Template.Kind.SHELL);
        check = values.optional("check_command", Template.Kind.SHELL);
        timeout = Waits.commandTimeout(args, "control_timeout");
        interval = Waits.interval(args);
    }

    @Override
    public CommandResult execute(CommandContext context) throws Exception {
        String what = name() + " " + values.get("servicename").orElseThrow() + ": service " + wanted().word();
        return new ControlThenWait(what, values.fill(control), Optional.ofNullable(check).map(values::fill),
                wanted().want, timeout, interval).run(context);
    }
}
