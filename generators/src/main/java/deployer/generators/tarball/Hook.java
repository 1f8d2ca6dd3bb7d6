package deployer.generators.tarball;

import deployer.core.config.Config;
import deployer.core.json.Node;
import deployer.core.model.InvalidInputException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One hook of {@code hooks: {before_deploy, after_deploy, on_failure, after_rollback}}: a command line run on the
 * controller ({@code on: local}) or on every target host ({@code on: hosts}), within {@code timeout} seconds.
 *
 * @param timeout seconds, or null: the engine's default for a command
 */
record Hook(String run, boolean onHosts, Long timeout) {

    static final List<String> EVENTS = List.of("before_deploy", "after_deploy", "on_failure", "after_rollback");

    /**
     * The hooks at {@code path} ({@code hooks} at the top level, {@code service.NAME.hooks}) by event, in config
     * order; every event is present, perhaps empty. The declared schema has checked keys and types already.
     */
    static Map<String, List<Hook>> read(Config config, String... path) throws InvalidInputException {
        Map<String, List<Hook>> hooks = new LinkedHashMap<>();
        for (String event : EVENTS) {
            List<Hook> list = new ArrayList<>();
            String[] at = append(path, event);
            Node n = config.node(at).filter(x -> x.value() != null).orElse(null);
            if (n != null) {
                if (!n.isList()) {
                    throw config.error("expected a list of hooks ({run: COMMAND, on: local | hosts, timeout: SECONDS}), got " + n.typeName(), at);
                }
                for (Node h : n.asList()) {
                    list.add(one(h, String.join(".", at)));
                }
            }
            hooks.put(event, List.copyOf(list));
        }
        return hooks;
    }

    private static Hook one(Node h, String where) throws InvalidInputException {
        if (!h.isMap()) {
            throw new InvalidInputException(h.location() + " " + where, "expected a hook {run: COMMAND, on: local | hosts, timeout: SECONDS}, got " + h.typeName());
        }
        Map<String, Node> m = h.asMap();
        Node run = m.get("run");
        if (run == null || !(run.value() instanceof String r) || r.isBlank()) {
            throw new InvalidInputException(h.location() + " " + where, "a hook needs 'run': the command line to run");
        }
        Node on = m.get("on");
        String where2 = on == null ? "local" : String.valueOf(on.value());
        if (!where2.equals("local") && !where2.equals("hosts")) {
            throw new InvalidInputException(on.location() + " " + where + ".on", "expected local (the controller) or hosts (every target host), got '" + where2 + "'");
        }
        Node t = m.get("timeout");
        Long timeout = null;
        if (t != null) {
            if (!(t.value() instanceof Number n) || n.longValue() < 1 || n.doubleValue() != n.longValue()) {
                throw new InvalidInputException(t.location() + " " + where + ".timeout", "expected a whole number of seconds, at least 1");
            }
            timeout = n.longValue();
        }
        return new Hook(r, where2.equals("hosts"), timeout);
    }

    private static String[] append(String[] path, String last) {
        String[] out = java.util.Arrays.copyOf(path, path.length + 1);
        out[path.length] = last;
        return out;
    }
}
