package deployer.generators.inventory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An {@link Inventory} printed as {@code ansible-inventory} prints it: {@code --list} (groups with their own hosts and
 * children, groups with neither left out, {@code _meta.hostvars}; keys sorted, four-space indent), {@code --graph},
 * and {@code --host NAME} (the host's variables), here with where each value came from.
 */
public final class InventoryJson {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("    ", "\n")).withArrayIndenter(new DefaultIndenter("    ", "\n"))
            .withSeparators(com.fasterxml.jackson.core.util.Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(com.fasterxml.jackson.core.util.Separators.Spacing.AFTER));

    private InventoryJson() {
    }

    /** The structure of {@code ansible-inventory --list}, as plain maps and lists. */
    public static Map<String, Object> listing(Inventory inv) {
        Map<String, Object> out = new TreeMap<>();
        for (InventoryGroup g : inv.groups().values()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            if (!g.hosts().isEmpty()) {
                entry.put("hosts", g.hosts());
            }
            if (!g.children().isEmpty()) {
                entry.put("children", g.children());
            }
            if (!entry.isEmpty()) {
                out.put(g.name(), entry);
            }
        }
        Map<String, Object> hostvars = new TreeMap<>();
        for (InventoryHost h : inv.hosts().values()) {
            if (!h.vars().isEmpty()) {
                hostvars.put(h.name(), values(h));
            }
        }
        out.put("_meta", Map.of("hostvars", hostvars));
        return out;
    }

    public static String list(Inventory inv) {
        return write(listing(inv));
    }

    /** {@code --host NAME}: each variable with its value and where it was set. */
    public static String host(InventoryHost h) {
        Map<String, Object> out = new TreeMap<>();
        h.vars().forEach((k, v) -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("value", v.value());
            e.put("from", v.origin());
            out.put(k, e);
        });
        return write(out);
    }

    /** {@code --graph}: the tree from {@code all}, groups as {@code @name:}, as ansible-inventory draws it. */
    public static String graph(Inventory inv) {
        List<String> lines = new ArrayList<>();
        draw(inv, InventoryGroup.ALL, 0, lines, Set.of());
        return String.join("\n", lines) + "\n";
    }

    private static void draw(Inventory inv, String group, int depth, List<String> lines, Set<String> above) {
        lines.add(indent(depth) + "@" + group + ":");
        InventoryGroup g = inv.groups().get(group);
        for (String c : g.children()) {
            if (!above.contains(c)) {
                Set<String> path = new java.util.HashSet<>(above);
                path.add(group);
                draw(inv, c, depth + 1, lines, path);
            }
        }
        for (String h : g.hosts()) {
            lines.add(indent(depth + 1) + h);
        }
    }

    private static String indent(int depth) {
        return depth == 0 ? "" : "  " + "|  ".repeat(depth - 1) + "|--";
    }

    private static Map<String, Object> values(InventoryHost h) {
        Map<String, Object> out = new TreeMap<>();
        h.vars().forEach((k, v) -> out.put(k, v.value()));
        return out;
    }

    private static String write(Object o) {
        try {
            return JSON.writer(PRETTY).writeValueAsString(o) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("inventory values are plain data", e);
        }
    }
}
