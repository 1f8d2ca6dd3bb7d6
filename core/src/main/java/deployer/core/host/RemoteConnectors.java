package deployer.core.host;

import deployer.core.config.Config;
import deployer.core.host.ssh.SshConnector;
import deployer.core.host.ssh.SshSettings;
import deployer.core.model.InvalidInputException;

/** Builds the run's {@link HostPool} from the config: local hosts always, SSH hosts through sshj. */
public final class RemoteConnectors {

    private RemoteConnectors() {
    }

    /**
     * The hosts of one run. The ssh settings are checked here, before anything runs; connections open only when
     * a task first needs its host.
     *
     * @throws InvalidInputException a bad {@code ssh.*}, {@code user} or {@code dns_suffix} value, with its location
     */
    public static HostPool hostPool(Config config) throws InvalidInputException {
        return new HostPool(new SshConnector(SshSettings.from(config)));
    }
}
