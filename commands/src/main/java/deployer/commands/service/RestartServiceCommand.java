package deployer.commands.service;


/** Restarts a service with its control command; with a check command, waits until it is up. */
public final class RestartServiceCommand extends ServiceControlCommand {

    @Override
    public String summary() {
        return "control, then (if check_command) poll to up";
    }

    @Override
    public String name() {
        return "restart_service";
    }

    @Override
    ServiceState wanted() {
        return ServiceState.UP;
    }
}
