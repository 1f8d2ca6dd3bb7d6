package deployer.generators.tarball;

import deployer.core.model.Task;

/** Task construction shared by the planners: where a service's task runs, as whom, tagged with the service. */
final class Tasks {

    private Tasks() {
    }

    static Task.Builder on(String command, ServiceSpec service, TargetHost host, PlatformSettings settings) {
        Task.Builder b = Task.builder(command).host(host.remoteHost()).tag(service.name());
        String user = userFor(service, host, settings);
        if (user != null) {
            b.user(user);
        }
        return b;
    }

    /**
     * The SSH user: the service's remote_user, else the config's user; local hosts have none, and a host written
     * {@code user@host} has its own (the most specific, as in OpenSSH: the address beats a configured default).
     */
    static String userFor(ServiceSpec service, TargetHost host, PlatformSettings settings) {
        if (host.local() || host.remoteHost().contains("@")) {
            return null;
        }
        return service.remoteUser() != null ? service.remoteUser() : settings.user();
    }
}
