package deployer.generators.tarball;

import deployer.core.model.Chain;
import deployer.core.model.StageItem;
import deployer.core.model.Task;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code on_failure: rollback}: the deploy's batches are written down as they are planned, then undone by finishing
 * stages that run only when the run failed ({@code when: failed}), last batch first, each as large as the batch it
 * undoes (which was sized to keep {@code min_nodes_up} up). Whether a host goes back is decided on the host when its
 * chain runs ({@link DeployChain#automaticRollback}), not here: the plan cannot know how far the failed run got. A
 * host that had no release before this run has nothing to go back to and is left out. One summary task per service
 * ends it, saying what each host runs by then.
 */
final class AutomaticRollback {

    /** A host this run switches, and the release it ran before. */
    private record Switched(ServiceSpec service, TargetHost host, HostPaths paths, String installed, String previous) {
    }

    /** One deploy stage's hosts that roll back, under the stage's name. */
    private record Undo(String batch, List<Switched> hosts) {
    }

    private final PlatformSettings settings;
    private final List<Undo> batches = new ArrayList<>();

    AutomaticRollback(PlatformSettings settings) {
        this.settings = settings;
    }

    /**
     * Notes one deploy stage's hosts of a service that rolls back.
     *
     * @param batch the deploy stage's batch, as its name says it: "batch 2 of 3"
     */
    void deployed(String batch, ServiceSpec service, HostPaths paths, TargetHost host, String installed, String previous) {
        if (!service.rollout().rollsBack() || previous == null || previous.equals(installed)) {
            return;
        }
        Undo undo = batches.isEmpty() || !batches.get(batches.size() - 1).batch().equals(batch) ? null : batches.get(batches.size() - 1);
        if (undo == null) {
            undo = new Undo(batch, new ArrayList<>());
            batches.add(undo);
        }
        undo.hosts().add(new Switched(service, host, paths, installed, previous));
    }

    /** The rollback's stages, last batch first, then the summary; none when no service rolls back. */
    void plan(Stages stages) {
        for (int i = batches.size() - 1; i >= 0; i--) {
            Undo undo = batches.get(i);
            String services = undo.hosts().stream().map(s -> s.service().name()).distinct().collect(Collectors.joining(", "));
            List<Chain> chains = new ArrayList<>();
            for (Switched s : undo.hosts()) {
                chains.add(new DeployChain(s.service(), s.host(), s.paths(), settings).automaticRollback(s.installed(), s.previous()));
            }
            stages.rollbackBatch("Roll back " + services + " automatically (" + undo.batch() + ")", chains);
        }
        Map<String, List<Switched>> byService = new LinkedHashMap<>();
        batches.forEach(b -> b.hosts().forEach(s -> byService.computeIfAbsent(s.service().name(), k -> new ArrayList<>()).add(s)));
        List<StageItem> summaries = new ArrayList<>();
        for (Map.Entry<String, List<Switched>> e : byService.entrySet()) {
            Map<String, Object> hosts = new LinkedHashMap<>();
            for (Switched s : e.getValue()) {
                Map<String, Object> h = new LinkedHashMap<>();
                String user = Tasks.userFor(s.service(), s.host(), settings);
                if (user != null) {
                    h.put("user", user);
                }
                h.put("link", s.paths().link(s.service().name()));
                h.put("history", s.paths().history(s.service().name()));
                h.put("release", s.paths().release(s.service().name(), s.installed()));
                h.put("previous", s.paths().release(s.service().name(), s.previous()));
                hosts.put(s.host().remoteHost(), h);
            }
            summaries.add(StageItem.of(Task.builder("rollback_summary").tag(e.getKey())
                    .arg("servicename", e.getKey())
                    .arg("version", String.join(" ", new LinkedHashSet<>(e.getValue().stream().map(Switched::installed).toList())))
                    .arg("hosts", hosts)
                    .build()));
        }
        stages.whenFailed("Automatic rollback: what happened", summaries);
    }
}
