package deployer.commands.service;


/** Starts a service with its control command; with a check command, waits until it is up. */
public final class StartServiceCommand extends ServiceControlCommand {

    @Override
    public String summary() {
        return "control, then (if check_command) poll to up";
    }

    @Override
    public String name() {
        return "start_service";
    }

    @Override
    ServiceState wanted() {
        return ServiceState.UP;
    }
}
