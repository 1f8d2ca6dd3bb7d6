package deployer.commands.service;

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
