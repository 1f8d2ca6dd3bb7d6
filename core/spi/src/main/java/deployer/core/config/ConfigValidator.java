package deployer.core.config;

import deployer.core.json.Node;
import deployer.core.model.HostAddress;
import deployer.core.model.Printable;
import deployer.core.model.SecretReference;
import deployer.core.model.Problem;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a config against its declared {@link MapSchema} and collects every problem (unknown keys with a "did you
 * mean", wrong types, values out of range, missing required keys), each at the file:line:column where it was
 * written. {@code X_defaults} blocks are checked against the schema of what they are mixed into; required keys
 * are checked after mixing, since a defaults block may supply them.
 */
public final class ConfigValidator {

    static final String DEFAULTS = "_defaults";
    private static final String TOP_PHRASE = "at the top level";

    private final Set<Problem> problems = new LinkedHashSet<>();
    private final boolean reportTypes;
    private final boolean reportRequired;

    private ConfigValidator(boolean reportTypes, boolean reportRequired) {
        this.reportTypes = reportTypes;
        this.reportRequired = reportRequired;
    }

    /**
     * Every problem of the config {@code raw} (as written) whose mixed form is {@code mixed}, in file order of
     * discovery.
     */
    static List<Problem> validate(Node raw, DefaultsMixer.Mixed mixed, MapSchema top) {
        Set<Problem> all = new LinkedHashSet<>();
        ConfigValidator written = new ConfigValidator(true, true);
        written.mapping(raw, top, "", TOP_PHRASE, true);
        all.addAll(written.problems);
        all.addAll(defaultsBlocks(raw, mixed, top));
        // Required keys of entries (each service…), after their defaults are mixed in.
        ConfigValidator required = new ConfigValidator(false, true);
        for (ConfigKey key : top.keys()) {
            Node merged = mixed.root().asMap().get(key.name());
            if (merged != null && key.type() instanceof ValueType.Entries entries && merged.isMap()) {
                merged.asMap().forEach((name, entry) -> required.check(entry, entries.entry(), key.name() + "." + name,
                        "in " + entries.noun() + " '" + name + "'"));
            }
        }
        all.addAll(required.problems);
        malformedSecretReferences(raw, "", all);
        return new ArrayList<>(all);
    }

    /** A malformed {@code ${secret:…}} anywhere in the config, at the value that holds it (it would reach a shell as written). */
    private static void malformedSecretReferences(Node n, String path, Set<Problem> into) {
        if (n.value() instanceof String s) {
            SecretReference.problems(s).forEach(p -> into.add(new Problem(n.location() + (path.isEmpty() ? "" : " " + path), p)));
        } else if (n.isList()) {
            List<Node> list = n.asList();
            for (int i = 0; i < list.size(); i++) {
                malformedSecretReferences(list.get(i), path + "[" + i + "]", into);
            }
        } else if (n.isMap()) {
            n.asMap().forEach((k, v) -> malformedSecretReferences(v, path.isEmpty() ? k : path + "." + k, into));
        }
    }

    /** Each {@code X_defaults} block against the schema of the entries it is mixed into. */
    private static Set<Problem> defaultsBlocks(Node raw, DefaultsMixer.Mixed mixed, MapSchema top) {
        ConfigValidator v = new ConfigValidator(true, false);
        raw.asMap().forEach((name, block) -> {
            if (!name.endsWith(DEFAULTS) || top.key(name).isPresent() || top.isOpen()) {
                return;
            }
            String base = name.substring(0, name.length() - DEFAULTS.length());
            if (!block.isMap()) {
                v.problem(block, name, "expected a mapping (mixed into the entries of '" + base + "' or into entries holding the value '"
                        + base + "'), got " + got(block));
                return;
            }
            Optional<MapSchema> byKey = top.key(base).flatMap(k -> entrySchema(k.type()));
            if (byKey.isPresent()) {
                ValueType.Entries entries = (ValueType.Entries) top.key(base).get().type();
                v.mapping(block, byKey.get(), name, "in " + name + " (mixed into every " + entries.noun() + ")", false);
                return;
            }
            List<DefaultsMixer.Target> targets = mixed.targets().getOrDefault(name, List.of());
            Map<String, DefaultsMixer.Target> firstPerSection = new LinkedHashMap<>();
            targets.forEach(t -> firstPerSection.putIfAbsent(t.section(), t));
            boolean checked = false;
            for (DefaultsMixer.Target t : firstPerSection.values()) {
                Optional<ConfigKey> section = top.key(t.section());
                Optional<MapSchema> schema = section.flatMap(k -> entrySchema(k.type()));
                if (schema.isPresent()) {
                    String noun = ((ValueType.Entries) section.get().type()).noun();
                    v.mapping(block, schema.get(), name, "in " + name + " (mixed into " + noun + " '" + t.entry() + "')", false);
                    checked = true;
                }
            }
            if (!checked && targets.isEmpty()) {
                Set<String> candidates = new LinkedHashSet<>();
                top.keys().stream().filter(k -> entrySchema(k.type()).isPresent()).forEach(k -> candidates.add(k.name() + DEFAULTS));
                mixed.targets().keySet().forEach(candidates::add);
                valuesOfEntries(raw, top).forEach(value -> candidates.add(value + DEFAULTS));
                v.problem(block, name, "'" + name + "' is mixed into nothing: there is no mapping '" + base
                        + "' of named entries and no entry has the value '" + base + "'" + didYouMean(name, candidates, false));
            }
        });
        return v.problems;
    }

    /** The string values written in entries (e.g. {@code backend} of {@code category: backend}): what by-value blocks are named after. */
    private static Set<String> valuesOfEntries(Node raw, MapSchema top) {
        Set<String> values = new LinkedHashSet<>();
        for (ConfigKey k : top.keys()) {
            Node section = raw.asMap().get(k.name());
            if (section != null && section.isMap() && k.type() instanceof ValueType.Entries) {
                section.asMap().values().stream().filter(Node::isMap)
                        .forEach(e -> e.asMap().values().stream().filter(x -> x.value() instanceof String)
                                .forEach(x -> values.add((String) x.value())));
            }
        }
        return values;
    }

    /** The schema of one entry of an {@link ValueType.Entries} type, when its entries are (or may be) mappings. */
    static Optional<MapSchema> entrySchema(ValueType type) {
        if (!(type instanceof ValueType.Entries entries)) {
            return Optional.empty();
        }
        return mappingOf(entries.entry());
    }

    private static Optional<MapSchema> mappingOf(ValueType type) {
        if (type instanceof ValueType.Mapping m) {
            return Optional.of(m.schema());
        }
        if (type instanceof ValueType.AnyOf any) {
            return any.alternatives().stream().flatMap(a -> mappingOf(a).stream()).findFirst();
        }
        return Optional.empty();
    }

    private void check(Node n, ValueType type, String path, String phrase) {
        if (n.value() == null || "".equals(n.value())) {
            if (reportTypes) {
                problem(n, path, "no value; expected " + type.describe() + " (leave the key out to use its default)");
            }
            return;
        }
        if (type instanceof ValueType.Text) {
            if (!(n.value() instanceof String)) {
                typeProblem(n, path, type);
            }
        } else if (type instanceof ValueType.Whole w) {
            whole(n, path, w);
        } else if (type instanceof ValueType.Decimal) {
            if (!(n.value() instanceof Number)) {
                typeProblem(n, path, type);
            }
        } else if (type instanceof ValueType.Flag) {
            if (!(n.value() instanceof Boolean)) {
                typeProblem(n, path, type);
            }
        } else if (type instanceof ValueType.Choice c) {
            choice(n, path, c);
        } else if (type instanceof ValueType.Strings) {
            if (n.isList()) {
                List<Node> list = n.asList();
                for (int i = 0; i < list.size(); i++) {
                    if (!(list.get(i).value() instanceof String)) {
                        problem(list.get(i), path + "[" + i + "]", "expected a string, got " + got(list.get(i)));
                    }
                }
            } else if (n.value() instanceof String s) {
                // A string where a list is declared was once read as a list of one: a typo'd list went unnoticed.
                problem(n, path, "expected " + type.describe() + ", got " + got(n) + " (write [" + Printable.cut(s) + "] for a list of one)");
            } else {
                typeProblem(n, path, type);
            }
        } else if (type instanceof ValueType.Hosts) {
            hosts(n, path, type);
        } else if (type instanceof ValueType.LoginName) {
            if (!(n.value() instanceof String s)) {
                typeProblem(n, path, type);
            } else if (!HostAddress.isLoginName(s)) {
                problem(n, path, HostAddress.badLoginName(s));
            }
        } else if (type instanceof ValueType.ListOf l) {
            if (!n.isList()) {
                typeProblem(n, path, type);
                return;
            }
            List<Node> list = n.asList();
            for (int i = 0; i < list.size(); i++) {
                check(list.get(i), l.element(), path + "[" + i + "]", phrase);
            }
        } else if (type instanceof ValueType.Mapping m) {
            mapping(n, m.schema(), path, phrase, true);
        } else if (type instanceof ValueType.Entries e) {
            if (!n.isMap()) {
                typeProblem(n, path, type);
                return;
            }
            n.asMap().forEach((name, entry) -> {
                ConfigValidator inner = reportRequired && reportTypes ? new ConfigValidator(true, false) : this;
                inner.check(entry, e.entry(), path + "." + name, "in " + e.noun() + " '" + name + "'");
                if (inner != this) {
                    problems.addAll(inner.problems);
                }
            });
        } else if (type instanceof ValueType.AnyOf any) {
            anyOf(n, path, phrase, any);
        }
    }

    /** A list of host addresses: every element that is not one is reported at its own place. */
    private void hosts(Node n, String path, ValueType type) {
        check(n, ValueType.strings(), path, "");
        if (!n.isList()) {
            return;
        }
        List<Node> list = n.asList();
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).value() instanceof String h) {
                try {
                    HostAddress.parse(h);
                } catch (IllegalArgumentException bad) {
                    problem(list.get(i), path + "[" + i + "]", bad.getMessage());
                }
            }
        }
    }

    /** Picks the alternative that fits the kind of value (mapping, list, single value); reports that one's problems. */
    private void anyOf(Node n, String path, String phrase, ValueType.AnyOf any) {
        List<ValueType> fitting = any.alternatives().stream().filter(a -> fits(a, n)).toList();
        if (fitting.isEmpty()) {
            typeProblem(n, path, any);
            return;
        }
        for (ValueType alt : fitting) {
            ConfigValidator trial = new ConfigValidator(reportTypes, reportRequired);
            trial.check(n, alt, path, phrase);
            if (trial.problems.isEmpty()) {
                return;
            }
        }
        check(n, fitting.get(0), path, phrase);
    }

    private static boolean fits(ValueType t, Node n) {
        if (t instanceof ValueType.Mapping || t instanceof ValueType.Entries) return n.isMap();
        if (t instanceof ValueType.ListOf) return n.isList();
        if (t instanceof ValueType.Strings || t instanceof ValueType.Hosts) return n.isList();
        if (t instanceof ValueType.AnyOf a) return a.alternatives().stream().anyMatch(x -> fits(x, n));
        return !n.isMap() && !n.isList();
    }

    private void mapping(Node n, MapSchema schema, String path, String phrase, boolean requiredHere) {
        if (!n.isMap()) {
            typeProblem(n, path, ValueType.mapping(schema));
            return;
        }
        Map<String, Node> m = n.asMap();
        List<String> known = schema.keys().stream().map(ConfigKey::name).toList();
        m.forEach((k, v) -> {
            String p = path.isEmpty() ? Printable.cut(k) : path + "." + Printable.cut(k);
            Optional<ConfigKey> key = schema.key(k);
            if (key.isPresent()) {
                check(v, key.get().type(), p, nested(phrase, k));
            } else if (reportTypes && !(phrase.equals(TOP_PHRASE) && k.endsWith(DEFAULTS))) {
                // An open schema (a platform whose keys are unknown) still catches a near miss of a declared key.
                if (!schema.isOpen()) {
                    problem(v, p, "unknown key " + Printable.quote(k) + " " + phrase + didYouMean(k, known, true));
                } else if (Suggestions.closest(k, known).isPresent()) {
                    problem(v, p, "unknown key " + Printable.quote(k) + " " + phrase + didYouMean(k, known, false));
                }
            }
        });
        if (reportRequired && requiredHere) {
            for (ConfigKey key : schema.keys()) {
                if (key.required() && !m.containsKey(key.name())) {
                    problems.add(new Problem(n.location() + (path.isEmpty() ? "" : " " + path), "missing required key '" + key.name()
                            + "' " + phrase + " (" + key.type().describe() + ": " + key.description() + ")"));
                }
            }
        }
    }

    private static String nested(String phrase, String key) {
        return phrase.equals(TOP_PHRASE) ? "in " + key : "in " + key + " of " + phrase.substring(3);
    }

    private void whole(Node n, String path, ValueType.Whole w) {
        BigInteger v;
        if (n.value() instanceof Long l) {
            v = BigInteger.valueOf(l);
        } else if (n.value() instanceof BigInteger b) {
            v = b;
        } else {
            typeProblem(n, path, w);
            return;
        }
        if (v.compareTo(BigInteger.valueOf(w.min())) < 0) {
            problem(n, path, "must be at least " + w.min() + ", got " + v);
        } else if (v.compareTo(BigInteger.valueOf(w.max())) > 0) {
            problem(n, path, "too large (at most " + w.max() + "), got " + v);
        }
    }

    private void choice(Node n, String path, ValueType.Choice c) {
        Object v = n.value();
        if (v instanceof Boolean b && c.values().contains(b ? "yes" : "no")) {
            return;
        }
        if (v instanceof String s && c.values().contains(s)) {
            return;
        }
        if (!reportTypes) {
            return;
        }
        String shown = v instanceof String s ? "'" + s + "'" : got(n);
        problem(n, path, "expected one of " + String.join(", ", c.values()) + ", got " + shown
                + (v instanceof String s ? didYouMean(s, c.values(), false) : ""));
    }

    private void typeProblem(Node n, String path, ValueType expected) {
        problem(n, path, "expected " + expected.describe() + ", got " + got(n));
    }

    /** A problem of the value itself (unknown key, type, range); missing keys are added where they are found. */
    private void problem(Node at, String path, String message) {
        if (reportTypes) {
            problems.add(new Problem(at.location() + (path.isEmpty() ? "" : " " + path), message));
        }
    }

    /** How a found value reads in a message: its kind, and the value itself when it is short. */
    static String got(Node n) {
        Object v = n.value();
        if (v == null) return "no value";
        if (v instanceof Map) return "a mapping";
        if (v instanceof List) return "a list";
        if (v instanceof String s) return "string " + Printable.quote(s);
        if (v instanceof Long || v instanceof BigInteger) return "whole number " + v;
        if (v instanceof Number) return "number " + v;
        if (v instanceof Boolean) return String.valueOf(v);
        return n.typeName();
    }

    static String didYouMean(String typed, java.util.Collection<String> known, boolean listOtherwise) {
        Optional<String> s = Suggestions.closest(typed, known);
        if (s.isPresent()) {
            return "; did you mean '" + s.get() + "'?";
        }
        return listOtherwise && !known.isEmpty() ? "; known keys: " + String.join(", ", known) : "";
    }
}
