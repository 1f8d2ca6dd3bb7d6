package deployer.core.internal.host.ssh;

import deployer.core.config.Config;
import deployer.core.model.InvalidInputException;
import deployer.core.model.Stage;
import deployer.core.model.StageItem;
import deployer.core.model.Tasklist;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares each stage's per-host concurrency with what one SSH connection may carry: the server's MaxSessions
 * ({@code ssh.max_sessions}) minus the session kept for SFTP. Above that, tasks on a host wait for each other
 * (an {@link SshHost} never opens more), so the stage runs slower than its numbers promise: worth a warning
 * before the run, once per stage. Only when some host really gets more of the stage's items than the budget: a
 * stage with a high limit but one task per host (the tarball platform's upload, unpack, cleanup) waits for nothing.
 */
public final class SessionBudget {

    private static final Logger LOG = LoggerFactory.getLogger(SessionBudget.class);

    private final int maxSessions;

    public SessionBudget(int maxSessions) {
        this.maxSessions = maxSessions;
    }

    public static SessionBudget from(Config config) throws InvalidInputException {
        return new SessionBudget(SshSettings.maxSessions(config));
    }

    /** Logs and returns one warning per stage with SSH tasks whose per-host limit exceeds the budget. */
    public List<String> warn(Tasklist tasklist) {
        List<String> warnings = new ArrayList<>();
        int budget = maxSessions - 1;
        for (int s = 0; s < tasklist.stages().size(); s++) {
            Stage stage = tasklist.stages().get(s);
            int limit = stage.effectivePerHostLimit();
            if (limit > budget && mostItemsOnOneSshHost(stage) > budget) {
                String warning = "Stage " + (s + 1) + " '" + stage.name() + "' allows " + limit + " tasks at once per host,"
                        + " but one SSH connection carries at most " + budget + " commands (ssh.max_sessions " + maxSessions
                        + ", the servers' MaxSessions, minus one session for file transfers); the rest will wait their turn."
                        + " Lower concurrency_per_host, or raise MaxSessions on the servers and ssh.max_sessions to match";
                LOG.warn(warning);
                warnings.add(warning);
            }
        }
        return warnings;
    }

    /**
     * How many of the stage's items need one SSH host: no more commands than that can run on it at once, whatever
     * the limit allows (a chain's tasks run one after another, so a chain counts once per host it touches).
     */
    private static int mostItemsOnOneSshHost(Stage stage) {
        Map<String, Integer> itemsPerHost = new HashMap<>();
        for (StageItem item : stage.items()) {
            item.links().stream().filter(t -> !hostIsLocal(t)).map(t -> t.host().key()).distinct()
                    .forEach(host -> itemsPerHost.merge(host, 1, Integer::sum));
        }
        return itemsPerHost.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    private static boolean hostIsLocal(deployer.core.model.Task task) {
        try {
            return task.host().local();
        } catch (IllegalArgumentException e) {
            return true; // validation has reported it already
        }
    }
}
