package deployer.generators.inventory;

import deployer.core.json.Node;
import deployer.core.json.NodeReader;
import deployer.core.model.InvalidInputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A dynamic inventory: an executable run with {@code --list} that prints Ansible's JSON (groups as lists of hosts or
 * mappings of hosts, vars and children; host variables under {@code _meta.hostvars}, else asked per host with
 * {@code --host NAME}). A run that fails, hangs past the timeout or prints no JSON mapping is an error naming the
 * executable.
 */
final class ScriptInventory {

    private static final int STDERR_LINES = 5;

    private final Path script;
    private final Duration timeout;
    private final InventoryBuilder builder;

    private ScriptInventory(Path script, Duration timeout, InventoryBuilder builder) {
        this.script = script;
        this.timeout = timeout;
        this.builder = builder;
    }

    static void run(Path script, Duration timeout, InventoryBuilder builder) throws InvalidInputException {
        new ScriptInventory(script, timeout, builder).read();
    }

    private void read() throws InvalidInputException {
        String listing = script + " --list";
        Node root = json(listing, execute("--list"));
        if (!root.isMap()) {
            throw new InvalidInputException(listing, "a dynamic inventory prints a JSON object of groups, got " + root.typeName());
        }
        Node meta = root.asMap().get("_meta");
        for (var g : root.asMap().entrySet()) {
            if (!g.getKey().equals("_meta")) {
                group(g.getKey(), g.getValue());
            }
        }
        if (meta != null) {
            Node hostvars = meta.isMap() ? meta.asMap().get("hostvars") : null;
            if (hostvars != null && !hostvars.isMap()) {
                throw new InvalidInputException(Origins.of(hostvars), "_meta.hostvars: expected an object of hosts, got " + hostvars.typeName());
            }
            if (hostvars != null) {
                for (var h : hostvars.asMap().entrySet()) {
                    hostVars(h.getKey(), h.getValue());
                }
            }
        } else {
            for (String h : builder.hostNames()) {
                String asked = script + " --host " + h;
                String out = execute("--host", h);
                if (!out.isBlank()) {
                    hostVars(h, json(asked, out));
                }
            }
        }
    }

    private void group(String name, Node data) throws InvalidInputException {
        String origin = Origins.of(data);
        builder.group(name, origin);
        Node hosts = data.isMap() ? data.asMap().get("hosts") : data;
        if (data.isMap()) {
            for (String key : data.asMap().keySet()) {
                if (!List.of("hosts", "vars", "children").contains(key)) {
                    throw new InvalidInputException(Origins.of(data.asMap().get(key)), "group '" + name + "': unexpected key '" + key
                            + "'; a group has hosts, vars and children");
                }
            }
        }
        for (String h : names(name, "hosts", hosts)) {
            builder.host(name, h, origin);
        }
        if (data.isMap() && data.asMap().containsKey("vars")) {
            Node vars = data.asMap().get("vars");
            if (!vars.isMap()) {
                throw new InvalidInputException(Origins.of(vars), "group '" + name + "': expected vars to be an object, got " + vars.typeName());
            }
            for (var v : vars.asMap().entrySet()) {
                builder.groupVar(name, v.getKey(), v.getValue().toPlain(), Origins.of(v.getValue()));
            }
        }
        if (data.isMap()) {
            for (String c : names(name, "children", data.asMap().get("children"))) {
                builder.child(name, c, origin);
            }
        }
    }

    private static List<String> names(String group, String key, Node list) throws InvalidInputException {
        if (list == null || list.value() == null) {
            return List.of();
        }
        if (!list.isList()) {
            throw new InvalidInputException(Origins.of(list), "group '" + group + "': expected " + key + " to be a list of names, got " + list.typeName());
        }
        List<String> out = new ArrayList<>();
        for (Node n : list.asList()) {
            if (!(n.value() instanceof String s)) {
                throw new InvalidInputException(Origins.of(n), "group '" + group + "': expected a name in " + key + ", got " + n.typeName());
            }
            out.add(s);
        }
        return out;
    }

    private void hostVars(String host, Node vars) throws InvalidInputException {
        if (vars.value() == null) {
            return;
        }
        if (!vars.isMap()) {
            throw new InvalidInputException(Origins.of(vars), "the variables of host '" + host + "': expected an object, got " + vars.typeName());
        }
        if (!builder.hostNames().contains(host)) {
            builder.host(InventoryGroup.ALL, host, Origins.of(vars));
        }
        for (var v : vars.asMap().entrySet()) {
            builder.hostVar(host, v.getKey(), v.getValue().toPlain(), Origins.of(v.getValue()));
        }
    }

    private static Node json(String what, String text) throws InvalidInputException {
        try {
            return NodeReader.readJson(text, what);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(what, "the dynamic inventory printed no valid JSON: " + e.getMessage());
        }
    }

    /** Runs the script once with {@code args}; its output goes to files, so neither stream can fill up and block it. */
    private String execute(String... args) throws InvalidInputException {
        List<String> command = new ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(args));
        String shown = String.join(" ", command);
        Path out = null;
        Path err = null;
        Process p = null;
        try {
            out = Files.createTempFile("deployer-inventory", ".out");
            err = Files.createTempFile("deployer-inventory", ".err");
            p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new InvalidInputException(shown, "the dynamic inventory did not finish within " + timeout.toSeconds()
                        + " s (inventory_timeout)" + tail(err));
            }
            if (p.exitValue() != 0) {
                throw new InvalidInputException(shown, "the dynamic inventory failed with exit " + p.exitValue() + tail(err));
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException(shown, "cannot run the dynamic inventory: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new InvalidInputException(shown, "interrupted while the dynamic inventory ran");
        } finally {
            delete(out);
            delete(err);
        }
    }

    private static String tail(Path err) {
        try {
            List<String> lines = Files.readAllLines(err, StandardCharsets.UTF_8);
            List<String> last = lines.subList(Math.max(0, lines.size() - STDERR_LINES), lines.size());
            return last.isEmpty() ? "" : "; its stderr ended: " + String.join(" | ", last);
        } catch (IOException e) {
            return "";
        }
    }

    private static void delete(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // A temp file left behind is harmless; the inventory's answer is what matters.
            }
        }
    }

}
