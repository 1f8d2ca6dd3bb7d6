package deployer.commands.service;

import deployer.commands.support.ShellCheck;

/** The state a service check waits for: a check command exits 0 while the service is up. */
enum ServiceState {
    UP(ShellCheck.Want.EXIT_ZERO),
    DOWN(ShellCheck.Want.EXIT_NON_ZERO);

    final ShellCheck.Want want;

    ServiceState(ShellCheck.Want want) {
        this.want = want;
    }

    String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
