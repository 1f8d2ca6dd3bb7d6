package deployer.core.internal.host.ssh;

import deployer.core.internal.host.HostPool;
import deployer.core.config.Config;
import deployer.core.model.InvalidInputException;

/** Builds the run's {@link HostPool} from the config: local hosts always, SSH hosts through sshj. */
public final class RemoteConnectors {

    private RemoteConnectors() {
    }

    /**
     * The hosts of one run. The ssh settings are checked here, before anything runs; connections open only when
     * a task first needs its host.
     *
     * @throws InvalidInputException a bad {@code ssh.*}, {@code user} or {@code dns_suffix} value, with its location,
     *                               or a bad line in the ssh client config (~/.ssh/config), with its file:line
     */
    public static HostPool hostPool(Config config) throws InvalidInputException {
        return hostPool(config, deployer.core.spi.Secrets.NONE);
    }

    /** @param secrets the environment's secrets, for an {@code ssh.sudo_password} that refers to one */
    public static HostPool hostPool(Config config, deployer.core.spi.Secrets secrets) throws InvalidInputException {
        SshSettings settings = SshSettings.from(config);
        OpenSshConfig sshClientConfig = settings.sshConfigFile() == null ? OpenSshConfig.NONE
                : OpenSshConfig.read(settings.sshConfigFile());
        SshCredentials credentials = SshCredentials.from(config, System.getenv(), Passphrases.Prompt.console(), secrets);
        return new HostPool(new SshConnector(settings, sshClientConfig, credentials));
    }
}
