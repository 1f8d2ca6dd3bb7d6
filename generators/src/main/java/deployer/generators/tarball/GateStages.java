package deployer.generators.tarball;

import deployer.core.model.StageItem;
import deployer.core.model.Task;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans a batch's gates as stages of their own, one per gate in config order, right after the batch's stage: the
 * engine runs, journals, resumes and reports them as it does every task, and a failed gate stops the run as a
 * failed batch does. Pause, http and local command gates are one task on the controller; a command gate
 * {@code on: hosts} is one task per host of the batch.
 */
final class GateStages {

    private final PlatformSettings settings;

    GateStages(PlatformSettings settings) {
        this.settings = settings;
    }

    /**
     * @param after   the batch, as messages name it: "demo-web batch 1 of 3"
     * @param hosts   the batch's hosts
     * @param facts   the service's part of the run, for a command gate's environment
     */
    void plan(Stages stages, ServiceSpec service, String version, String after, List<TargetHost> hosts, List<Gate> gates, RunFacts facts) {
        for (int i = 0; i < gates.size(); i++) {
            Gate gate = gates.get(i);
            String name = "Gate " + (gates.size() == 1 ? "" : (i + 1) + "/" + gates.size() + " ") + "after " + after + ": " + gate.describe();
            stages.gate(name, tasks(gate, service, version, after, hosts, facts));
        }
    }

    private List<StageItem> tasks(Gate gate, ServiceSpec service, String version, String after, List<TargetHost> hosts, RunFacts facts) {
        List<StageItem> items = new ArrayList<>();
        if (gate instanceof Gate.Pause p) {
            items.add(StageItem.of(Task.builder("gate_pause").tag(service.name())
                    .arg("after", after)
                    .arg("seconds", p.length().toSeconds())
                    .build()));
        } else if (gate instanceof Gate.Http h) {
            Task.Builder b = Task.builder("gate_http").tag(service.name())
                    .arg("after", after)
                    .arg("url", url(h.url(), service, version))
                    .arg("hosts", hosts.stream().map(TargetHost::hostname).toList())
                    .arg("expect", h.expect())
                    .arg("every", h.every().toSeconds())
                    .arg("for", h.window().toSeconds());
            if (h.bodyContains() != null) {
                b.arg("body_contains", h.bodyContains());
            }
            items.add(StageItem.of(b.build()));
        } else if (gate instanceof Gate.Prometheus q) {
            Task.Builder b = Task.builder("gate_prometheus").tag(service.name())
                    .arg("after", after)
                    .arg("url", q.url())
                    .arg("query", query(q.query(), service, version, hosts))
                    .arg("every", q.every().toSeconds())
                    .arg("for", q.window().toSeconds());
            if (q.min() != null) {
                b.arg("min", q.min());
            }
            if (q.max() != null) {
                b.arg("max", q.max());
            }
            items.add(StageItem.of(b.build()));
        } else if (gate instanceof Gate.Script s && s.onHosts()) {
            for (TargetHost t : hosts) {
                items.add(StageItem.of(script(Tasks.on("gate_command", service, t, settings), s, after, env(facts, t, hosts))));
            }
        } else if (gate instanceof Gate.Script s) {
            items.add(StageItem.of(script(Task.builder("gate_command").tag(service.name()), s, after, env(facts, null, hosts))));
        }
        return items;
    }

    private static Task script(Task.Builder b, Gate.Script s, String after, Map<String, String> env) {
        b.arg("after", after).arg("shell", s.run()).arg("env", env);
        if (s.timeoutSeconds() != null) {
            b.timeout(s.timeoutSeconds());
        }
        return b.build();
    }

    /** A hook's facts ({@code DEPLOY_HOOK=gate}), and the batch: {@code DEPLOY_BATCH_HOSTS}. */
    private static Map<String, String> env(RunFacts facts, TargetHost host, List<TargetHost> batch) {
        Map<String, String> env = new LinkedHashMap<>(facts.env("gate", host == null ? null : host.remoteHost()));
        env.put("DEPLOY_BATCH_HOSTS", String.join(" ", batch.stream().map(TargetHost::remoteHost).toList()));
        return env;
    }

    /** A prometheus gate's query: {hosts} is the batch's host names as a regex alternation ({@code a|b}). */
    static String query(String template, ServiceSpec service, String version, List<TargetHost> hosts) {
        return template.replace("{servicename}", service.name()).replace("{version}", version)
                .replace("{hosts}", String.join("|", hosts.stream().map(TargetHost::hostname).toList()));
    }

    /**
     * The gate's URL with the service and version filled in; {@code {host}} stays for the command, which fills each
     * of {@code hosts} (the hosts' names without port: {@code {hostname}} of path values).
     */
    static String url(String template, ServiceSpec service, String version) {
        return template.replace("{servicename}", service.name()).replace("{version}", version);
    }
}
