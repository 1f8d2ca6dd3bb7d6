package deployer.commands.service;


/** Stops a service with its control command; with a check command, waits until it is down. */
public final class StopServiceCommand extends ServiceControlCommand {

    @Override
    public String summary() {
        return "control, then (if check_command) poll to down";
    }

    @Override
    public String name() {
        return "stop_service";
    }

    @Override
    ServiceState wanted() {
        return ServiceState.DOWN;
    }
}
