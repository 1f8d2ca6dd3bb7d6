package deployer.commands.service;

import deployer.core.spi.CommandArgument;
import java.util.List;
import static deployer.core.spi.CommandArgument.Type.*;
import static deployer.core.spi.CommandArgument.optional;
import static deployer.core.spi.CommandArgument.required;

import deployer.commands.support.Failures;
import deployer.commands.support.Template;
import deployer.commands.support.TemplateValues;
import deployer.core.spi.Arguments;
import deployer.core.spi.Command;
import deployer.core.spi.CommandContext;
import deployer.core.spi.CommandResult;
import deployer.core.spi.ExecResult;

/** Runs a service's control command template once (no waiting); non-zero exit fails. */
public final class ControlServiceCommand implements Command {

    /** Declared once: checked before initialize, listed in COMMANDS.md and the tasklist schema. */
    static final List<CommandArgument> ARGUMENTS = TemplateValues.arguments(true, required("shell", STRING, "template"));

    @Override
    public List<CommandArgument> arguments() {
        return ARGUMENTS;
    }

    @Override
    public String summary() {
        return "runs the control command";
    }

    private TemplateValues values;
    private Template command;

    @Override
    public String name() {
        return "control_service";
    }

    @Override
    public String describe() {
        return "control " + values.get("servicename").orElse("the service") + ": " + values.fill(command);
    }

    @Override
    public void initialize(Arguments args) {
        values = TemplateValues.read(args, true);
        command = values.required("shell", Template.Kind.SHELL);
    }

    @Override
    public CommandResult execute(CommandContext context) throws Exception {
        ExecResult r = context.run(values.fill(command));
        String service = values.get("servicename").orElseThrow();
        return r.succeeded() ? CommandResult.changed("control command of " + service + " done")
                : Failures.of("control command of service " + service, r);
    }
}
