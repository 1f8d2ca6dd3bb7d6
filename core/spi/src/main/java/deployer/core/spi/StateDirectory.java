package deployer.core.spi;

import deployer.core.model.RunId;

import java.nio.file.Path;

/**
 * Where the deployer keeps what outlives a process on this machine: {@code $XDG_STATE_HOME/deployer}, else
 * {@code ~/.local/state/deployer} (the XDG base directory rule). The journals are under {@code journal/}; what a run
 * shares with other processes while it runs (the approvals it waits for) under {@code runs/RUN_ID/}.
 */
public final class StateDirectory {

    private StateDirectory() {
    }

    public static Path base() {
        String state = System.getenv("XDG_STATE_HOME");
        Path root = state != null && !state.isBlank() ? Path.of(state) : Path.of(System.getProperty("user.home"), ".local", "state");
        return root.resolve("deployer");
    }

    /** The journals' default directory. */
    public static Path journals() {
        return base().resolve("journal");
    }

    /** A run's own directory (a run id cannot climb directories: see {@link RunId}). */
    public static Path ofRun(RunId runId) {
        return base().resolve("runs").resolve(runId.value());
    }
}
