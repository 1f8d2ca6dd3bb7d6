package deployer.core.api;

import deployer.core.config.Config;
import deployer.core.exec.Run;
import deployer.core.exec.RunListener;
import deployer.core.exec.ValidatedPlan;
import deployer.core.model.InvalidInputException;
import deployer.core.model.RunId;
import deployer.core.model.Tasklist;
import deployer.core.spi.HostException;

import java.nio.file.Path;
import java.util.List;

/**
 * One deployment under one config and one run id: generate or read its tasklist, validate it, start its run. Holds
 * the connections to its hosts (opened on first use, shared by generation and the run); close it to close them.
 */
public interface Deployment extends AutoCloseable {

    Config config();

    RunId runId();

    /**
     * The config platform's generator's plan for these packages (empty: the config's own default, if it has one).
     * Generators read the hosts' state (installed releases) over this deployment's connections.
     */
    Tasklist generate(List<Path> packages) throws InvalidInputException, HostException, InterruptedException;

    /** A saved (possibly hand-edited) tasklist; every problem of its structure is reported at once. */
    Tasklist read(Path tasklistFile) throws InvalidInputException;

    /** Builds and initializes every command of the plan, with this deployment's run id filled in; runs nothing. */
    ValidatedPlan validate(Tasklist tasklist) throws InvalidInputException;

    /**
     * Starts the run and returns at once; {@link Run#await()} gives its report, {@link Run#stop()} and
     * {@link Run#abort()} are Ctrl-C once and twice. The run logs as the CLI does; {@code listeners} hear every
     * event, in order (one that throws is detached and never changes a result).
     */
    Run start(ValidatedPlan plan, RunListener... listeners);

    /** Closes the connections to the hosts. */
    @Override
    void close();
}
