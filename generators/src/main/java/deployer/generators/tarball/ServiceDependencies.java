package deployer.generators.tarball;

import deployer.core.config.Config;
import deployer.core.config.Suggestions;
import deployer.core.json.Node;
import deployer.core.model.InvalidInputException;
import deployer.core.model.Problem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code service.<s>.depends_on}: the services that must be deployed before {@code s}. Checked up front (an unknown
 * name, a cycle, a {@code deployment_order} that deploys a service before or beside one it depends on), then used to
 * order the deploy steps when no {@code deployment_order} is given: each service one step after the deepest of its
 * dependencies, so services that do not depend on each other deploy side by side.
 *
 * @param dependsOn each service's dependencies, for every service in config order (empty when it has none)
 */
record ServiceDependencies(Map<String, List<String>> dependsOn) {

    ServiceDependencies {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        dependsOn.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        dependsOn = java.util.Collections.unmodifiableMap(copy);
    }

    boolean declared() {
        return dependsOn.values().stream().anyMatch(d -> !d.isEmpty());
    }

    /** Reads every service's depends_on; reports unknown names (with "did you mean") and cycles. */
    static ServiceDependencies read(Config c, Set<String> services) throws InvalidInputException {
        List<Problem> problems = new ArrayList<>();
        Map<String, List<String>> deps = new LinkedHashMap<>();
        for (String s : services) {
            List<String> known = new ArrayList<>();
            Node list = c.node("service", s, "depends_on").filter(n -> n.value() != null).orElse(null);
            if (list != null) {
                for (Node n : list.isList() ? list.asList() : List.of(list)) {
                    String where = n.location() + " service." + s + ".depends_on";
                    if (!(n.value() instanceof String d)) {
                        problems.add(new Problem(where, "expected a service name, got " + n.typeName()));
                    } else if (!services.contains(d)) {
                        problems.add(new Problem(where, "unknown service '" + d + "'"
                                + Suggestions.closest(d, services).map(x -> " (did you mean '" + x + "'?)").orElse("")
                                + "; known services: " + TarballConfig.known(services)));
                    } else if (known.contains(d)) {
                        problems.add(new Problem(where, "service '" + d + "' is listed twice"));
                    } else {
                        known.add(d);
                    }
                }
            }
            deps.put(s, known);
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        ServiceDependencies result = new ServiceDependencies(deps);
        List<String> cycle = result.cycle();
        if (!cycle.isEmpty()) {
            throw c.error("services " + String.join(" → ", cycle) + " form a cycle: each would have to be deployed before the other; "
                    + "remove one of these depends_on", "service", cycle.get(0), "depends_on");
        }
        return result;
    }

    /** The first cycle found (a service depending on itself is one), closed: {@code [web, api, web]}; empty when none. */
    List<String> cycle() {
        Map<String, Integer> state = new HashMap<>(); // 1: on the current path, 2: done
        for (String s : dependsOn.keySet()) {
            List<String> path = new ArrayList<>();
            List<String> found = visit(s, state, path);
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    private List<String> visit(String s, Map<String, Integer> state, List<String> path) {
        Integer st = state.get(s);
        if (st != null && st == 2) {
            return List.of();
        }
        if (st != null && st == 1) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(s), path.size()));
            cycle.add(s);
            return cycle;
        }
        state.put(s, 1);
        path.add(s);
        for (String d : dependsOn.getOrDefault(s, List.of())) {
            List<String> found = visit(d, state, path);
            if (!found.isEmpty()) {
                return found;
            }
        }
        path.remove(path.size() - 1);
        state.put(s, 2);
        return List.of();
    }

    /**
     * A given deployment_order must deploy each service after (not before, not beside) every service it depends on;
     * services it leaves out deploy after the ones it lists, so a listed service cannot depend on one left out.
     */
    void checkOrder(Config c, List<List<String>> order) throws InvalidInputException {
        if (order.isEmpty()) {
            return;
        }
        Map<String, Integer> step = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            for (String s : order.get(i)) {
                step.put(s, i);
            }
        }
        List<Problem> problems = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : dependsOn.entrySet()) {
            String s = e.getKey();
            for (String d : e.getValue()) {
                Integer mine = step.get(s);
                Integer theirs = step.get(d);
                String why = " (service." + s + ".depends_on at " + c.location("service", s, "depends_on") + ")";
                if (mine != null && theirs == null) {
                    problems.addAll(c.error("deployment_order lists '" + s + "' but not '" + d + "', which it depends on" + why
                            + ": a service left out deploys after the listed ones; list '" + d + "' before '" + s + "'", "deployment_order").problems());
                } else if (mine != null && mine.equals(theirs)) {
                    problems.addAll(c.error("deployment_order deploys '" + s + "' beside '" + d + "', which it depends on" + why
                            + ": put '" + d + "' in an earlier step", "deployment_order").problems());
                } else if (mine != null && mine < theirs) {
                    problems.addAll(c.error("deployment_order deploys '" + s + "' before '" + d + "', which it depends on" + why
                            + ": put '" + d + "' in an earlier step", "deployment_order").problems());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }

    /**
     * The deploy steps for the services of this run ({@code present}), each step deployed side by side.
     * With a deployment_order: its steps, then the services it leaves out one by one, dependencies first. Without
     * one: when any depends_on is declared, by depth (a service one step after the deepest of its dependencies,
     * counted over every configured service, so a dependency not deployed in this run still orders the others);
     * else one by one in config order.
     */
    List<List<String>> steps(List<List<String>> order, Set<String> present) {
        List<List<String>> steps = new ArrayList<>();
        Set<String> placed = new LinkedHashSet<>();
        for (List<String> step : order) {
            List<String> here = step.stream().filter(present::contains).toList();
            if (!here.isEmpty()) {
                steps.add(here);
                placed.addAll(here);
            }
        }
        Map<String, Integer> depth = new HashMap<>();
        dependsOn.keySet().forEach(s -> depth(s, depth));
        List<String> rest = dependsOn.keySet().stream().filter(s -> present.contains(s) && !placed.contains(s)).toList();
        if (!order.isEmpty() || !declared()) {
            // Stable: config order, except that a service comes after its dependencies.
            rest.stream().sorted(java.util.Comparator.comparingInt(depth::get)).forEach(s -> steps.add(List.of(s)));
            return steps;
        }
        Map<Integer, List<String>> byDepth = new TreeMap<>();
        rest.forEach(s -> byDepth.computeIfAbsent(depth.get(s), k -> new ArrayList<>()).add(s));
        byDepth.values().forEach(step -> steps.add(List.copyOf(step)));
        return steps;
    }

    /** 0 without dependencies, else one more than the deepest dependency (the graph has no cycle: checked in read). */
    private int depth(String s, Map<String, Integer> memo) {
        Integer known = memo.get(s);
        if (known != null) {
            return known;
        }
        int d = 0;
        for (String dep : dependsOn.getOrDefault(s, List.of())) {
            d = Math.max(d, depth(dep, memo) + 1);
        }
        memo.put(s, d);
        return d;
    }
}
