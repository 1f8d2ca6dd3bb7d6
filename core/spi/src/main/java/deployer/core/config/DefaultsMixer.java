package deployer.core.config;

import deployer.core.json.Node;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Mixes {@code X_defaults} blocks into the config, as the original tool did, by key and by value:
 * <ul>
 *   <li>by key: every entry of a top-level mapping {@code X} (e.g. each service under {@code service}) gets
 *       {@code X_defaults};</li>
 *   <li>by value: any mapping holding a string value {@code v} (e.g. {@code category: backend}) gets
 *       {@code v_defaults}.</li>
 * </ul>
 * Explicit values always win; nested mappings merge key by key; a mixed-in block may pull in further blocks,
 * each at most once per mapping (so cycles end).
 */
final class DefaultsMixer {

    private static final String SUFFIX = "_defaults";

    private DefaultsMixer() {
    }

    /** Where a {@code X_defaults} block was mixed in: into entry {@code entry} of the top-level mapping {@code section}. */
    record Target(String section, String entry) {
    }

    /** The mixed config, and for each defaults block the entries it was mixed into (so it can be checked against their schema). */
    record Mixed(Node root, Map<String, List<Target>> targets) {
    }

    static Node mix(Node root) {
        return mixRecording(root).root();
    }

    static Mixed mixRecording(Node root) {
        Map<String, List<Target>> targets = new LinkedHashMap<>();
        Map<String, Node> top = root.asMap();
        Map<String, Node> out = new LinkedHashMap<>();
        top.forEach((key, value) -> {
            if (key.endsWith(SUFFIX) || !value.isMap()) {
                out.put(key, value);
                return;
            }
            Node keyDefaults = top.get(key + SUFFIX);
            Map<String, Node> entries = new LinkedHashMap<>();
            value.asMap().forEach((name, entry) -> {
                if (!entry.isMap()) {
                    entries.put(name, entry);
                    return;
                }
                Target target = new Target(key, name);
                if (keyDefaults != null && keyDefaults.isMap()) {
                    targets.computeIfAbsent(key + SUFFIX, b -> new ArrayList<>()).add(target);
                }
                entries.put(name, withDefaults(entry, keyDefaults, top,
                        block -> targets.computeIfAbsent(block, b -> new ArrayList<>()).add(target)));
            });
            out.put(key, new Node(Collections.unmodifiableMap(entries), value.location()));
        });
        return new Mixed(new Node(Collections.unmodifiableMap(out), root.location()), targets);
    }

    /**
     * Precedence, most specific first: explicit values, then by-value blocks (in the order found), then the
     * by-key block. Values that defaults bring in (e.g. a {@code category} set in {@code service_defaults})
     * pull in their own blocks too.
     */
    private static Node withDefaults(Node explicit, Node keyDefaults, Map<String, Node> top, Consumer<String> byValueApplied) {
        boolean hasKeyDefaults = keyDefaults != null && keyDefaults.isMap();
        List<Node> valueBlocks = new ArrayList<>();
        Set<String> applied = new HashSet<>();
        Node seen = hasKeyDefaults ? merge(explicit, keyDefaults) : explicit;
        boolean found = true;
        while (found) {
            found = false;
            for (Node v : seen.asMap().values()) {
                Node block = v.value() instanceof String s ? top.get(s + SUFFIX) : null;
                if (block != null && block.isMap() && applied.add((String) v.value())) {
                    valueBlocks.add(block);
                    byValueApplied.accept(v.value() + SUFFIX);
                    seen = merge(seen, block);
                    found = true;
                    break;
                }
            }
        }
        Node result = explicit;
        for (Node block : valueBlocks) {
            result = merge(result, block);
        }
        return hasKeyDefaults ? merge(result, keyDefaults) : result;
    }

    /** {@code explicit} over {@code defaults}: explicit keys win, nested mappings merge. */
    static Node merge(Node explicit, Node defaults) {
        Map<String, Node> out = new LinkedHashMap<>(defaults.asMap());
        explicit.asMap().forEach((k, v) -> {
            Node d = out.get(k);
            out.put(k, d != null && d.isMap() && v.isMap() ? merge(v, d) : v);
        });
        return new Node(Collections.unmodifiableMap(out), explicit.location());
    }
}
