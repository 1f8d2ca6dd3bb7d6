package deployer.core.config;

import deployer.core.json.Node;
import deployer.core.model.InvalidInputException;
import deployer.core.model.SourceLocation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The merged configuration a generator sees: the YAML file, its {@code *_defaults} mix-ins, then the options the
 * user typed. Immutable; every value keeps the location it came from (file:line:column or "command line") so a
 * message about a bad value can say where to fix it.
 */
public final class Config {

    private static final SourceLocation COMMAND_LINE = new SourceLocation("command line", 0, 0);
    private final Node root;
    private final String source;
    private final String environment;

    Config(Node root, String source) {
        this(root, source, null);
    }

    private Config(Node root, String source, String environment) {
        if (!root.isMap()) {
            throw new IllegalArgumentException("config root must be a mapping");
        }
        this.root = root;
        this.source = source;
        this.environment = environment;
    }

    /** The same config, loaded for environment {@code name}. */
    Config inEnvironment(String name) {
        return new Config(root, source, name);
    }

    /** The environment whose overlay was laid over the file ({@code --environment}), if any. */
    public java.util.Optional<String> environment() {
        return java.util.Optional.ofNullable(environment);
    }

    public static Config empty() {
        return new Config(new Node(Map.of(), SourceLocation.UNKNOWN), "<none>");
    }

    /** Where the config came from: the file name, or {@code <none>}. */
    public String source() {
        return source;
    }

    public Node root() {
        return root;
    }

    /**
     * Adds the options the user typed on the command line. Only keys present in {@code typed} are set: an
     * option left out never overwrites a config key (the original tool's None defaults did).
     */
    public Config withCommandLine(Map<String, Object> typed) {
        Map<String, Node> merged = new LinkedHashMap<>(root.asMap());
        typed.forEach((k, v) -> merged.put(k, toNode(v)));
        return new Config(new Node(Collections.unmodifiableMap(merged), root.location()), source, environment);
    }

    public Optional<Node> node(String... path) {
        Node n = root;
        for (String key : path) {
            if (!n.isMap() || !n.asMap().containsKey(key)) {
                return Optional.empty();
            }
            n = n.asMap().get(key);
        }
        return Optional.of(n);
    }

    public boolean has(String... path) {
        return node(path).filter(n -> n.value() != null).isPresent();
    }

    /** A string value; numbers and booleans are given as their text (YAML users write {@code port: 8080}). */
    public Optional<String> string(String... path) throws InvalidInputException {
        Optional<Node> n = node(path).filter(x -> x.value() != null);
        if (n.isEmpty()) {
            return Optional.empty();
        }
        Object v = n.get().value();
        if (v instanceof Map || v instanceof List) {
            throw wrongType(n.get(), path, "a single value");
        }
        return Optional.of(String.valueOf(v));
    }

    public Optional<Long> integer(String... path) throws InvalidInputException {
        Optional<Node> n = node(path).filter(x -> x.value() != null);
        if (n.isEmpty()) {
            return Optional.empty();
        }
        if (n.get().value() instanceof Long l) {
            return Optional.of(l);
        }
        if (n.get().value() instanceof java.math.BigInteger b) {
            throw new InvalidInputException(n.get().location() + " " + String.join(".", path), "too large, got " + b);
        }
        if (n.get().value() instanceof String s && s.matches("-?\\d+")) {
            return Optional.of(Long.parseLong(s));
        }
        throw wrongType(n.get(), path, "a whole number");
    }

    public boolean bool(boolean defaultValue, String... path) throws InvalidInputException {
        Optional<Node> n = node(path).filter(x -> x.value() != null);
        if (n.isEmpty()) {
            return defaultValue;
        }
        if (n.get().value() instanceof Boolean b) {
            return b;
        }
        throw wrongType(n.get(), path, "true or false");
    }

    /** A list of strings; a single string is a list of one. */
    public List<String> strings(String... path) throws InvalidInputException {
        Optional<Node> n = node(path).filter(x -> x.value() != null);
        if (n.isEmpty()) {
            return List.of();
        }
        if (n.get().value() instanceof String s) {
            return List.of(s);
        }
        if (n.get().isList() && n.get().asList().stream().allMatch(x -> x.value() instanceof String || x.value() instanceof Number)) {
            return n.get().asList().stream().map(x -> String.valueOf(x.value())).toList();
        }
        throw wrongType(n.get(), path, "a list of strings");
    }

    /** The entries of a mapping, in file order; empty when absent. */
    public Map<String, Node> map(String... path) throws InvalidInputException {
        Optional<Node> n = node(path).filter(x -> x.value() != null);
        if (n.isEmpty()) {
            return Map.of();
        }
        if (!n.get().isMap()) {
            throw wrongType(n.get(), path, "a mapping");
        }
        return n.get().asMap();
    }

    /**
     * The whole number of a declared key under {@code parent} (e.g. {@code ssh}), or the key's declared default;
     * outside the declared range it is an error worded like the schema check's (configs built without the check,
     * as in unit tests, get the same guard).
     */
    public long whole(ConfigKey key, String... parent) throws InvalidInputException {
        String[] path = append(parent, key.name());
        Optional<Long> v = integer(path);
        if (v.isEmpty()) {
            return key.longDefault();
        }
        if (key.type() instanceof ValueType.Whole w) {
            if (v.get() < w.min()) {
                throw error("must be at least " + w.min() + ", got " + v.get(), path);
            }
            if (v.get() > w.max()) {
                throw error("too large (at most " + w.max() + "), got " + v.get(), path);
            }
        }
        return v.get();
    }

    /** The string of a declared key under {@code parent}, or its declared default (null when it has none). */
    public String text(ConfigKey key, String... parent) throws InvalidInputException {
        return string(append(parent, key.name())).orElse(key.defaultValue() instanceof String s ? s : null);
    }

    /** The flag of a declared key under {@code parent}, or its declared default. */
    public boolean flag(ConfigKey key, String... parent) throws InvalidInputException {
        return bool(key.booleanDefault(), append(parent, key.name()));
    }

    private static String[] append(String[] parent, String name) {
        String[] path = java.util.Arrays.copyOf(parent, parent.length + 1);
        path[parent.length] = name;
        return path;
    }

    /**
     * A file named in the config, as the config means it: {@code ~/} is the home directory, and a relative path is
     * relative to the config file's directory (not to wherever the command was started, as {@code tarballs} and
     * template sources already are).
     */
    public java.nio.file.Path file(String written) {
        java.nio.file.Path home = java.nio.file.Path.of(System.getProperty("user.home"));
        if (written.equals("~")) {
            return home;
        }
        if (written.startsWith("~/")) {
            return home.resolve(written.substring(2));
        }
        java.nio.file.Path p = java.nio.file.Path.of(written);
        return p.isAbsolute() ? p : directory().resolve(p).normalize();
    }

    /** The directory of the config file (the current directory for a config that is no file). */
    public java.nio.file.Path directory() {
        java.nio.file.Path parent = java.nio.file.Path.of(source).toAbsolutePath().getParent();
        return parent != null ? parent : java.nio.file.Path.of("").toAbsolutePath();
    }

    public SourceLocation location(String... path) {
        return node(path).map(Node::location).orElse(new SourceLocation(source, 0, 0));
    }

    /** An error about the value at {@code path}, located where it was written. */
    public InvalidInputException error(String message, String... path) {
        return new InvalidInputException(location(path) + " " + String.join(".", path), message);
    }

    private InvalidInputException wrongType(Node n, String[] path, String expected) {
        return new InvalidInputException(n.location() + " " + String.join(".", path),
                "expected " + expected + ", got " + n.typeName());
    }

    private static Node toNode(Object v) {
        if (v instanceof List<?> list) {
            return new Node(list.stream().map(Config::toNode).toList(), COMMAND_LINE);
        }
        if (v instanceof Integer i) {
            return new Node(i.longValue(), COMMAND_LINE);
        }
        return new Node(v, COMMAND_LINE);
    }
}
