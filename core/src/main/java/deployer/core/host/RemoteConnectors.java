package deployer.core.host;

import deployer.core.config.Config;
import deployer.core.model.InvalidInputException;

/** Builds the run's {@link HostPool} from the config: local hosts always, SSH hosts when SSH is available. */
public final class RemoteConnectors {

    private RemoteConnectors() {
    }

    /** The hosts of one run. SSH arrives with the SSH host issue; until then only local hosts exist. */
    public static HostPool hostPool(Config config) throws InvalidInputException {
        return HostPool.localOnly();
    }
}
