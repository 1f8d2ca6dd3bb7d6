package deployer.generators.tarball;

import deployer.core.config.Config;
import deployer.core.json.Node;
import deployer.core.model.InvalidInputException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How one service rolls out: its {@code batches} (cumulative host counts or percentages of its restarted hosts) and
 * the {@code gates} checked after each batch but the last. Each key is the service's own (with {@code *_defaults}
 * mixed in) or else the top level's. Without either, the rollout is today's: batches sized by {@code min_nodes_up},
 * no gates.
 *
 * @param steps null: batches by {@code min_nodes_up} alone
 * @param gates after every batch but the last, unless a step has its own
 */
record Rollout(List<Step> steps, List<Gate> gates) {

    static final Rollout BY_MIN_NODES_UP = new Rollout(null, List.of());

    Rollout {
        steps = steps == null ? null : List.copyOf(steps);
        gates = List.copyOf(gates);
    }

    /**
     * One entry of {@code batches}: how many of the hosts have the release once it is done.
     *
     * @param gates the gates after this batch, null: the rollout's (an empty list: none)
     */
    record Step(Size size, List<Gate> gates) {
    }

    /** A whole number of hosts, or a percentage of them. */
    record Size(long value, boolean percent) {

        /**
         * Of {@code hosts} hosts, how many this size covers: a count as given (at most all of them), a percentage
         * rounded down but at least one, as Ansible's {@code serial} reads "30%".
         */
        int of(int hosts) {
            long n = percent ? Math.max(1, value * hosts / 100) : value;
            return (int) Math.min(hosts, n);
        }

        @Override
        public String toString() {
            return value + (percent ? "%" : "");
        }
    }

    /** Whether this service rolls out as before this key existed (so its plan stays byte for byte). */
    boolean byMinNodesUpOnly() {
        return steps == null && gates.isEmpty();
    }

    static Rollout read(Config c, String service) throws InvalidInputException {
        String[] batchesAt = c.has("service", service, "batches") ? new String[]{"service", service, "batches"} : new String[]{"batches"};
        String[] gatesAt = c.has("service", service, "gates") ? new String[]{"service", service, "gates"} : new String[]{"gates"};
        List<Gate> gates = c.has(gatesAt) ? Gate.readList(c.node(gatesAt).orElseThrow(), String.join(".", gatesAt)) : List.of();
        List<Step> steps = c.has(batchesAt) ? steps(c.node(batchesAt).orElseThrow(), String.join(".", batchesAt)) : null;
        return new Rollout(steps, gates);
    }

    private static List<Step> steps(Node list, String where) throws InvalidInputException {
        if (!list.isList() || list.asList().isEmpty()) {
            throw new InvalidInputException(list.location() + " " + where, "expected a list of batch sizes such as [1, \"10%\", \"50%\", \"100%\"]"
                    + " (host counts or percentages of the service's hosts, cumulative), got " + (list.isList() ? "an empty list" : list.typeName()));
        }
        List<Step> steps = new ArrayList<>();
        Size lastCount = null;
        Size lastPercent = null;
        List<Node> items = list.asList();
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            String at = where + "[" + i + "]";
            Node sizeNode = item;
            List<Gate> gates = null;
            if (item.isMap()) {
                Map<String, Node> m = item.asMap();
                sizeNode = m.get("size");
                if (sizeNode == null) {
                    throw new InvalidInputException(item.location() + " " + at, "a batch written as a mapping needs 'size' (a host count or a percentage), e.g. {size: \"10%\", gates: [...]}");
                }
                at = at + ".size";
                if (m.containsKey("gates")) {
                    gates = Gate.readList(m.get("gates"), where + "[" + i + "].gates");
                }
            }
            Size size = size(sizeNode, at);
            Size previous = size.percent() ? lastPercent : lastCount;
            if (previous != null && size.value() <= previous.value()) {
                throw new InvalidInputException(sizeNode.location() + " " + at, "batch sizes are cumulative (how many hosts have the"
                        + " release after the batch), so each must be larger than the one before: got " + size + " after " + previous);
            }
            if (size.percent()) {
                lastPercent = size;
            } else {
                lastCount = size;
            }
            steps.add(new Step(size, gates));
        }
        return List.copyOf(steps);
    }

    private static Size size(Node n, String at) throws InvalidInputException {
        if (n.value() instanceof Long count) {
            if (count < 1) {
                throw new InvalidInputException(n.location() + " " + at, "expected a host count of at least 1, got " + count);
            }
            return new Size(count, false);
        }
        if (n.value() instanceof String s && s.strip().matches("\\d{1,9}%")) {
            long pct = Long.parseLong(s.strip().substring(0, s.strip().length() - 1));
            if (pct < 1 || pct > 100) {
                throw new InvalidInputException(n.location() + " " + at, "expected a percentage from 1% to 100%, got " + s.strip());
            }
            return new Size(pct, true);
        }
        throw new InvalidInputException(n.location() + " " + at, "expected a host count (a whole number, at least 1) or a percentage"
                + " such as \"10%\", got " + (n.value() instanceof String s ? "'" + s + "'" : n.typeName()));
    }
}
