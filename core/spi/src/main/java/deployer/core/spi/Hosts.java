package deployer.core.spi;

import deployer.core.model.HostAddress;

/**
 * The run's hosts as a generator sees them: a way to reach a host over the connections the run itself will use
 * (to read what is installed there before planning). The engine's implementation pools one {@link RemoteHost} per
 * host and user and closes them at the end of the run; a generator never closes what it gets here.
 */
@FunctionalInterface
public interface Hosts {

    /**
     * @param user the task's {@code remote_user}, or null: then the user written in the address ({@code user@host}),
     *             else the default of the run's SSH settings. Local addresses ignore it.
     * @throws IllegalStateException when the run cannot reach this kind of host (no SSH configured) or has ended
     */
    RemoteHost host(HostAddress address, String user);
}
