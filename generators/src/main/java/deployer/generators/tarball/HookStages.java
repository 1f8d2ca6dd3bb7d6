package deployer.generators.tarball;

import deployer.core.model.StageItem;
import deployer.core.model.Task;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Plans hooks as ordinary stages: one stage per hook, in config order (top-level hooks first, then each service's),
 * so hooks run one after another and each shows in the plan, the journal and the summary. A hook {@code on: local}
 * is one task on the controller; {@code on: hosts} is one task per target host under the stage limits.
 * {@code on_failure} hooks are {@code "when": "failed"} stages: they run only when the run failed, was stopped or
 * aborted, and their own failure is reported next to the first one, never instead of it.
 */
final class HookStages {

    private final Map<String, List<Hook>> topLevel;
    private final Map<String, Map<String, List<Hook>>> perService;
    private final PlatformSettings settings;

    HookStages(Map<String, List<Hook>> topLevel, Map<String, Map<String, List<Hook>>> perService, PlatformSettings settings) {
        this.topLevel = topLevel;
        this.perService = perService;
        this.settings = settings;
    }

    /** The stages of one event's hooks: the top-level ones for the whole run, then each service's for its part. */
    void plan(Stages stages, String event, RunFacts facts) {
        plan(stages, event, topLevel.getOrDefault(event, List.of()), facts, null);
        for (String service : facts.serviceNames()) {
            Map<String, List<Hook>> own = perService.getOrDefault(service, Map.of());
            plan(stages, event, own.getOrDefault(event, List.of()), facts.only(service), service);
        }
    }

    private void plan(Stages stages, String event, List<Hook> hooks, RunFacts facts, String service) {
        for (int i = 0; i < hooks.size(); i++) {
            Hook hook = hooks.get(i);
            String name = "Hook " + event + (service == null ? "" : " of " + service) + " " + (i + 1) + "/" + hooks.size()
                    + (hook.onHosts() ? " (on hosts)" : " (local)");
            List<StageItem> items = new ArrayList<>();
            if (hook.onHosts()) {
                for (RunFacts.HostOf h : facts.hosts().values()) {
                    Task.Builder b = Tasks.on("run_hook", h.service(), h.host(), settings);
                    if (service == null) {
                        b.tag(null);
                    }
                    items.add(StageItem.of(task(b, hook, event, facts.env(event, h.host().remoteHost()))));
                }
            } else {
                Task.Builder b = Task.builder("run_hook").tag(service);
                items.add(StageItem.of(task(b, hook, event, facts.env(event, null))));
            }
            if (event.equals("on_failure")) {
                stages.whenFailed(name, items);
            } else {
                stages.other(name, items);
            }
        }
    }

    private static Task task(Task.Builder b, Hook hook, String event, Map<String, String> env) {
        b.arg("hook", event).arg("shell", hook.run()).arg("env", env);
        if (hook.timeout() != null) {
            b.timeout(hook.timeout());
        }
        return b.build();
    }
}
