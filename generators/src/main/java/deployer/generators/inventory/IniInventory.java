package deployer.generators.inventory;

import deployer.core.model.InvalidInputException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An INI inventory, read line by line as Ansible's {@code ini} plugin reads it: hosts before any section are
 * ungrouped; {@code [group]} lists hosts ({@code pattern key=value…}), {@code [group:vars]} sets variables,
 * {@code [group:children]} names child groups, which may be defined further down; {@code #} and {@code ;} start comment
 * lines. Every mistake is an error at its file:line.
 */
final class IniInventory {

    private static final Pattern SECTION = Pattern.compile("^\\[([^:\\]\\s]+)(?::(\\w+))?]\\s*(?:#.*)?$");
    private static final Pattern GROUP_NAME = Pattern.compile("^([^:\\]\\s]+)\\s*(?:#.*)?$");

    /** A group named in {@code :vars} or {@code :children} before it was defined: an error if it never is. */
    private record Pending(int line, String state, List<String> parents) {
    }

    private final Path file;
    private final InventoryBuilder builder;
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private int line;

    private IniInventory(Path file, InventoryBuilder builder) {
        this.file = file;
        this.builder = builder;
    }

    static void parse(Path file, List<String> lines, InventoryBuilder builder) throws InvalidInputException {
        new IniInventory(file, builder).parse(lines);
    }

    private String here() {
        return file + ":" + line;
    }

    private InvalidInputException error(String message) {
        return new InvalidInputException(here(), message);
    }

    private void parse(List<String> lines) throws InvalidInputException {
        String group = InventoryGroup.UNGROUPED;
        String state = "hosts";
        for (String raw : lines) {
            line++;
            String text = raw.strip();
            if (text.isEmpty() || text.charAt(0) == '#' || text.charAt(0) == ';') {
                continue;
            }
            Matcher m = SECTION.matcher(text);
            if (m.matches()) {
                group = m.group(1);
                state = m.group(2) == null ? "hosts" : m.group(2);
                section(group, state, text);
                continue;
            }
            if (text.startsWith("[") && text.endsWith("]")) {
                throw error("invalid section '" + text + "': expected [GROUP], [GROUP:vars] or [GROUP:children], with no spaces");
            }
            switch (state) {
                case "hosts" -> hosts(group, text);
                case "vars" -> variable(group, text);
                default -> child(group, text);
            }
        }
        for (var p : pending.entrySet()) {
            line = p.getValue().line();
            if (p.getValue().state().equals("vars")) {
                throw error("section [" + p.getKey() + ":vars] is not valid for undefined group: " + p.getKey()
                        + " (define it with [" + p.getKey() + "] or [" + p.getKey() + ":children])");
            }
            List<String> parents = p.getValue().parents();
            throw error("section [" + parents.get(parents.size() - 1) + ":children] includes undefined group: " + p.getKey()
                    + " (define it with [" + p.getKey() + "])");
        }
    }

    private void section(String group, String state, String text) throws InvalidInputException {
        if (!List.of("hosts", "children", "vars").contains(state)) {
            throw error("section " + text + " has unknown type: " + state + " (expected vars or children)");
        }
        if (!builder.hasGroup(group)) {
            if (state.equals("vars") && !pending.containsKey(group)) {
                pending.put(group, new Pending(line, state, new ArrayList<>()));
            }
            builder.group(group, here());
        }
        Pending p = pending.get(group);
        if (p != null && !state.equals("vars")) {
            if (p.state().equals("children")) {
                addPendingChildren(group);
            } else {
                pending.remove(group);
            }
        }
    }

    private void addPendingChildren(String group) throws InvalidInputException {
        Pending p = pending.remove(group);
        for (String parent : p.parents()) {
            builder.child(parent, group, file + ":" + p.line());
            Pending up = pending.get(parent);
            if (up != null && up.state().equals("children")) {
                addPendingChildren(parent);
            }
        }
    }

    private void hosts(String group, String text) throws InvalidInputException {
        List<String> words;
        try {
            words = Shlex.split(text);
        } catch (IllegalArgumentException e) {
            throw error("cannot split the host line '" + text + "': " + e.getMessage());
        }
        if (words.isEmpty()) {
            return;
        }
        HostPattern.Expansion hosts;
        try {
            hosts = HostPattern.expand(words.get(0));
        } catch (IllegalArgumentException e) {
            throw error("bad host pattern '" + words.get(0) + "': " + e.getMessage());
        }
        Map<String, Object> vars = new LinkedHashMap<>();
        for (String w : words.subList(1, words.size())) {
            int eq = w.indexOf('=');
            if (eq < 0) {
                throw error("expected key=value host variable assignment, got: " + w);
            }
            vars.put(w.substring(0, eq), IniValue.parse(w.substring(eq + 1)));
        }
        for (String h : hosts.hosts()) {
            builder.host(group, h, here());
            if (hosts.port() != null) {
                builder.hostVar(h, "ansible_port", hosts.port().longValue(), here());
            }
            for (var v : vars.entrySet()) {
                builder.hostVar(h, v.getKey(), v.getValue(), here());
            }
        }
    }

    private void variable(String group, String text) throws InvalidInputException {
        int eq = text.indexOf('=');
        if (eq < 0) {
            throw error("expected key=value, got: " + text);
        }
        builder.groupVar(group, text.substring(0, eq).strip(), IniValue.parse(text.substring(eq + 1).strip()), here());
    }

    private void child(String group, String text) throws InvalidInputException {
        Matcher m = GROUP_NAME.matcher(text);
        if (!m.matches()) {
            throw error("expected a group name, got: " + text);
        }
        String child = m.group(1);
        if (builder.hasGroup(child)) {
            builder.child(group, child, here());
            return;
        }
        Pending p = pending.get(child);
        if (p == null) {
            pending.put(child, new Pending(line, "children", new ArrayList<>(List.of(group))));
        } else {
            p.parents().add(group);
        }
    }
}
