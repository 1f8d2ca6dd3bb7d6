package deployer.core.config;

import deployer.core.json.Node;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

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

    static Node mix(Node root) {
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
                Node e = entry;
                if (e.isMap() && keyDefaults != null && keyDefaults.isMap()) {
                    e = merge(e, keyDefaults);
                }
                entries.put(name, e.isMap() ? byValue(e, top, new HashSet<>()) : e);
            });
            out.put(key, new Node(Collections.unmodifiableMap(entries), value.location()));
        });
        return new Node(Collections.unmodifiableMap(out), root.location());
    }

    private static Node byValue(Node map, Map<String, Node> top, Set<String> applied) {
        Node result = map;
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Node v : result.asMap().values()) {
                if (v.value() instanceof String s) {
                    Node defaults = top.get(s + SUFFIX);
                    if (defaults != null && defaults.isMap() && applied.add(s)) {
                        result = merge(result, defaults);
                        changed = true;
                        break;
                    }
                }
            }
        }
        return result;
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
