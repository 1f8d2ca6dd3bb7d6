package deployer.generators.tarball;

import deployer.core.json.Node;
import deployer.core.model.InvalidInputException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One check between two deploy batches ({@code gates: [...]}): each is a mapping with exactly one kind key. A gate
 * runs after a batch's hosts are healthy and before the next batch starts; when it fails, the rollout stops there.
 * The declared schema ({@link TarballSchema#GATE}) has checked keys and types; this checks what it cannot say.
 */
sealed interface Gate {

    List<String> KINDS = List.of("pause", "http", "command", "prometheus");
    /** What a gate's URL may name; filled per host of the batch at plan time. */
    Set<String> URL_PLACEHOLDERS = Set.of("host", "servicename", "version");

    /** How the gate reads in its stage's name: {@code pause 5m}, {@code http}, {@code command (on hosts)}. */
    String describe();

    /** Waits, then lets the rollout go on. */
    record Pause(Duration length) implements Gate {
        public String describe() {
            return "pause " + Durations.format(length);
        }
    }

    /**
     * Probes each host of the batch ({@code url} with {@code {host}} filled in) every {@code every} for {@code window};
     * every answer must have status {@code expect} and, if given, contain {@code bodyContains}.
     */
    record Http(String url, long expect, String bodyContains, Duration every, Duration window) implements Gate {
        public String describe() {
            return "http " + Durations.format(window);
        }
    }

    /** A command line whose exit status is the verdict, with the run's facts in its environment as hooks get them. */
    record Script(String run, boolean onHosts, Long timeoutSeconds) implements Gate {
        public String describe() {
            return "command" + (onHosts ? " (on hosts)" : " (local)");
        }
    }

    /**
     * A PromQL instant query against Prometheus's HTTP API ({@code url}/api/v1/query), every {@code every} for
     * {@code window}: each value it returns must stay within {@code min}..{@code max}. The query may name
     * {@code {servicename}}, {@code {version}} and {@code {hosts}} (the batch's host names as a regex alternation, for
     * {@code instance=~"({hosts}):.*"}).
     *
     * @param min null: no lower bound
     * @param max null: no upper bound
     */
    record Prometheus(String url, String query, Double min, Double max, Duration every, Duration window) implements Gate {
        public String describe() {
            return "prometheus " + Durations.format(window);
        }
    }

    Set<String> QUERY_PLACEHOLDERS = Set.of("servicename", "version", "hosts");
    Duration DEFAULT_PROMETHEUS_EVERY = Duration.ofSeconds(15);

    Duration DEFAULT_EVERY = Duration.ofSeconds(10);
    Duration DEFAULT_WINDOW = Duration.ofMinutes(2);
    Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");

    /** The gates of a {@code gates} list, in order; {@code where} names the list (service.web.gates). */
    static List<Gate> readList(Node list, String where) throws InvalidInputException {
        if (list.value() == null) {
            return List.of();
        }
        if (!list.isList()) {
            throw new InvalidInputException(list.location() + " " + where, "expected a list of gates such as"
                    + " [{pause: 5m}, {http: {url: ...}}], got " + list.typeName());
        }
        List<Gate> gates = new ArrayList<>();
        List<Node> items = list.asList();
        for (int i = 0; i < items.size(); i++) {
            gates.add(read(items.get(i), where + "[" + i + "]"));
        }
        return List.copyOf(gates);
    }

    static Gate read(Node n, String where) throws InvalidInputException {
        if (!n.isMap() || n.asMap().size() != 1 || !KINDS.contains(n.asMap().keySet().iterator().next())) {
            String got = n.isMap() ? (n.asMap().isEmpty() ? "an empty mapping" : "keys " + String.join(", ", n.asMap().keySet())) : n.typeName();
            throw new InvalidInputException(n.location() + " " + where, "expected a gate with exactly one of the keys "
                    + String.join(", ", KINDS) + ", got " + got);
        }
        Map.Entry<String, Node> kind = n.asMap().entrySet().iterator().next();
        String at = where + "." + kind.getKey();
        Node v = kind.getValue();
        return switch (kind.getKey()) {
            case "pause" -> {
                Duration d = Durations.read(v, at);
                if (d.isZero()) {
                    throw new InvalidInputException(v.location() + " " + at, "expected a pause longer than 0 s");
                }
                yield new Pause(d);
            }
            case "http" -> http(v, at);
            case "prometheus" -> prometheus(v, at);
            default -> script(v, at);
        };
    }

    private static Http http(Node v, String at) throws InvalidInputException {
        Map<String, Node> m = mapping(v, at, "{url: URL, expect: 200, body_contains: TEXT, every: 10s, for: 2m}");
        Node urlNode = m.get("url");
        if (urlNode == null || !(urlNode.value() instanceof String url) || url.isBlank()) {
            throw new InvalidInputException(v.location() + " " + at, "an http gate needs 'url', e.g. http://{host}:8080/health");
        }
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new InvalidInputException(urlNode.location() + " " + at + ".url", "expected an http:// or https:// URL, got '" + url + "'");
        }
        Matcher p = PLACEHOLDER.matcher(url);
        while (p.find()) {
            if (!URL_PLACEHOLDERS.contains(p.group(1))) {
                throw new InvalidInputException(urlNode.location() + " " + at + ".url", "unknown placeholder {" + p.group(1)
                        + "}; a gate's URL may use {host}, {servicename}, {version}");
            }
        }
        long expect = 200;
        Node e = m.get("expect");
        if (e != null) {
            if (!(e.value() instanceof Long code) || code < 100 || code > 599) {
                throw new InvalidInputException(e.location() + " " + at + ".expect", "expected an HTTP status from 100 to 599, got " + e.value());
            }
            expect = code;
        }
        Node body = m.get("body_contains");
        Window w = window(m, v, at, DEFAULT_EVERY);
        return new Http(url, expect, body == null ? null : String.valueOf(body.value()), w.every(), w.length());
    }

    private static Prometheus prometheus(Node v, String at) throws InvalidInputException {
        Map<String, Node> m = mapping(v, at, "{url: PROMETHEUS_URL, query: PROMQL, max: NUMBER, min: NUMBER, every: 15s, for: 2m}");
        Node urlNode = m.get("url");
        if (urlNode == null || !(urlNode.value() instanceof String url) || !(url.startsWith("http://") || url.startsWith("https://"))) {
            throw new InvalidInputException((urlNode == null ? v : urlNode).location() + " " + at + ".url",
                    "a prometheus gate needs 'url': Prometheus's http:// or https:// base URL, e.g. http://prometheus:9090");
        }
        Node queryNode = m.get("query");
        if (queryNode == null || !(queryNode.value() instanceof String query) || query.isBlank()) {
            throw new InvalidInputException(v.location() + " " + at, "a prometheus gate needs 'query': a PromQL expression");
        }
        Matcher p = PLACEHOLDER.matcher(query);
        while (p.find()) {
            if (!QUERY_PLACEHOLDERS.contains(p.group(1))) {
                throw new InvalidInputException(queryNode.location() + " " + at + ".query", "unknown placeholder {" + p.group(1)
                        + "}; a gate's query may use {servicename}, {version}, {hosts}");
            }
        }
        Double min = bound(m.get("min"), at + ".min");
        Double max = bound(m.get("max"), at + ".max");
        if (min == null && max == null) {
            throw new InvalidInputException(v.location() + " " + at, "a prometheus gate needs 'max' or 'min' (or both): the bounds its value must stay within");
        }
        if (min != null && max != null && min > max) {
            throw new InvalidInputException(m.get("min").location() + " " + at + ".min", "min (" + min + ") is above max (" + max + ")");
        }
        Window w = window(m, v, at, DEFAULT_PROMETHEUS_EVERY);
        return new Prometheus(url.replaceAll("/+$", ""), query, min, max, w.every(), w.length());
    }

    private static Double bound(Node n, String at) throws InvalidInputException {
        if (n == null) {
            return null;
        }
        if (!(n.value() instanceof Number number)) {
            throw new InvalidInputException(n.location() + " " + at, "expected a number, got " + n.typeName());
        }
        return number.doubleValue();
    }

    private static Script script(Node v, String at) throws InvalidInputException {
        Map<String, Node> m = mapping(v, at, "{run: COMMAND, on: local | hosts, timeout: SECONDS}");
        Node run = m.get("run");
        if (run == null || !(run.value() instanceof String r) || r.isBlank()) {
            throw new InvalidInputException(v.location() + " " + at, "a command gate needs 'run': the command line whose exit status is the verdict");
        }
        Node on = m.get("on");
        String where = on == null ? "local" : String.valueOf(on.value());
        if (!where.equals("local") && !where.equals("hosts")) {
            throw new InvalidInputException(on.location() + " " + at + ".on", "expected local (the controller) or hosts (each host of the batch), got '" + where + "'");
        }
        Long timeout = null;
        Node t = m.get("timeout");
        if (t != null) {
            Duration d = Durations.read(t, at + ".timeout");
            if (d.isZero()) {
                throw new InvalidInputException(t.location() + " " + at + ".timeout", "expected a time limit longer than 0 s");
            }
            timeout = d.toSeconds();
        }
        return new Script(r, where.equals("hosts"), timeout);
    }

    /** How often and how long a gate looks. */
    record Window(Duration every, Duration length) {
    }

    /** {@code every} and {@code for}: a window shorter than one interval would look once and call it a window. */
    static Window window(Map<String, Node> m, Node v, String at, Duration defaultEvery) throws InvalidInputException {
        Node everyNode = m.get("every");
        Node forNode = m.get("for");
        Duration every = everyNode == null ? defaultEvery : Durations.read(everyNode, at + ".every");
        Duration length = forNode == null ? DEFAULT_WINDOW : Durations.read(forNode, at + ".for");
        if (every.isZero()) {
            throw new InvalidInputException(everyNode.location() + " " + at + ".every", "expected an interval longer than 0 s");
        }
        if (length.compareTo(every) < 0) {
            Node blame = forNode != null ? forNode : everyNode;
            throw new InvalidInputException(blame.location() + " " + at + ".for", "'for' (" + Durations.format(length)
                    + ") is shorter than 'every' (" + Durations.format(every) + "); expected for >= every");
        }
        return new Window(every, length);
    }

    private static Map<String, Node> mapping(Node v, String at, String shape) throws InvalidInputException {
        if (!v.isMap()) {
            throw new InvalidInputException(v.location() + " " + at, "expected a mapping " + shape + ", got " + v.typeName());
        }
        return v.asMap();
    }
}
