package deployer.generators.tarball;

import deployer.core.config.Config;
import deployer.core.json.Node;
import deployer.core.model.InvalidInputException;
import deployer.core.model.Problem;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One entry of {@code service.<s>.templates}: a Mustache file on this machine rendered into each host's new release
 * after unpack and before the switch (the original's properties/templates stages), so the release goes live with its
 * config in one step.
 *
 * @param src   absolute path of the template (given relative to the config file)
 * @param dest  path inside the release directory
 * @param mode  octal mode of the rendered file
 * @param owner {@code USER} or {@code USER:GROUP}, null to leave it to the login user
 */
public record ConfigTemplate(String src, String dest, String mode, String owner) {

    /** Values every service template gets; {@code template_values} may not use these names. */
    static final Set<String> BUILT_IN = Set.of("servicename", "hostname", "shorthostname", "version", "install_location", "release_dir", "port");
    static final String DEFAULT_MODE = "0644";
    private static final Pattern OCTAL = Pattern.compile("[0-7]{3,4}");
    static final String ALLOW_OUTSIDE = "allow_outside_config";

    static List<ConfigTemplate> read(Config c, String service, List<Problem> problems) throws InvalidInputException {
        Node list = c.node("service", service, "templates").filter(n -> n.value() != null).orElse(null);
        if (list == null) {
            return List.of();
        }
        Path base = Path.of(c.source()).toAbsolutePath().getParent();
        List<ConfigTemplate> out = new ArrayList<>();
        List<Node> items = list.isList() ? list.asList() : List.of(list);
        for (int i = 0; i < items.size(); i++) {
            String[] at = {"service", service, "templates", Integer.toString(i)};
            String where = items.get(i).location() + " service." + service + ".templates[" + i + "]";
            if (!items.get(i).isMap()) {
                problems.add(new Problem(where, "expected a mapping with src and dest, got " + items.get(i).typeName()));
                continue;
            }
            Map<String, Node> m = items.get(i).asMap();
            String src = text(m, "src");
            String dest = text(m, "dest");
            String mode = text(m, "mode");
            String owner = text(m, "owner");
            if (src == null || dest == null) {
                problems.add(new Problem(where, "expected src (the template, relative to the config file) and dest (a path inside the release)"));
                continue;
            }
            Path file = base == null ? Path.of(src) : base.resolve(src);
            String srcAt = m.get("src").location() + " service." + service + ".templates[" + i + "].src";
            if (!Files.isRegularFile(file)) {
                problems.add(new Problem(srcAt, "no such template file " + file));
            } else if (base != null && !allowedOutside(m) && !inside(base, file)) {
                problems.add(new Problem(srcAt, "template " + file + " is outside the config's directory " + base
                        + " (a source such as /etc/shadow would be copied into every release); keep templates beside the config,"
                        + " or set " + ALLOW_OUTSIDE + ": true on this template"));
            }
            if (dest.startsWith("/") || dest.isEmpty() || List.of(dest.split("/")).contains("..")) {
                problems.add(new Problem(m.get("dest").location() + " service." + service + ".templates[" + i + "].dest",
                        "expected a relative path inside the release without '..' (e.g. conf/app.properties), got '" + dest + "'"));
            }
            if (mode != null && !OCTAL.matcher(mode).matches()) {
                problems.add(new Problem(m.get("mode").location() + " service." + service + ".templates[" + i + "].mode",
                        "expected 3 or 4 octal digits as a string, e.g. \"0640\", got '" + mode + "'"));
            }
            out.add(new ConfigTemplate(file.normalize().toString(), dest, mode == null ? DEFAULT_MODE : mode, owner));
        }
        return out;
    }

    private static boolean allowedOutside(Map<String, Node> m) {
        Node allow = m.get(ALLOW_OUTSIDE);
        return allow != null && Boolean.TRUE.equals(allow.value());
    }

    /** Whether {@code file} (symbolic links followed) lies in {@code dir}'s tree. */
    private static boolean inside(Path dir, Path file) {
        try {
            return file.toRealPath().startsWith(dir.toRealPath());
        } catch (java.io.IOException e) {
            return file.normalize().startsWith(dir.normalize());
        }
    }

    private static String text(Map<String, Node> m, String key) {
        Node n = m.get(key);
        return n == null || n.value() == null ? null : String.valueOf(n.value());
    }

    /** Top-level {@code template_values} with the service's own on top; a built-in name is an error. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> values(Config c, String service, List<Problem> problems) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String[] at : List.of(new String[]{"template_values"}, new String[]{"service", service, "template_values"})) {
            Node n = c.node(at).filter(x -> x.value() != null).orElse(null);
            if (n == null) {
                continue;
            }
            if (!n.isMap()) {
                problems.add(new Problem(n.location() + " " + String.join(".", at), "expected a mapping of names to values, got " + n.typeName()));
                continue;
            }
            for (Map.Entry<String, Node> e : n.asMap().entrySet()) {
                if (BUILT_IN.contains(e.getKey())) {
                    problems.add(new Problem(e.getValue().location() + " " + String.join(".", at) + "." + e.getKey(),
                            "'" + e.getKey() + "' is given to every template already (" + String.join(", ", BUILT_IN.stream().sorted().toList()) + "); choose another name"));
                } else {
                    values.put(e.getKey(), e.getValue().toPlain());
                }
            }
        }
        return values;
    }
}
