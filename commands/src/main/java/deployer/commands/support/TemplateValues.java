package deployer.commands.support;

import deployer.core.model.HostAddress;
import deployer.core.spi.Arguments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The values a command's templates are filled with, read from its optional arguments {@code servicename},
 * {@code port}, {@code hostname} (default: the task's host name), {@code version} and {@code install_location}.
 * Every command that takes a template accepts all five, so one config template works in any of them.
 */
public final class TemplateValues {

    public static final Set<String> NAMES = Set.of("servicename", "port", "hostname", "version", "install_location");

    /**
     * The declaration of a template command's arguments: {@code first}, then the five placeholder arguments
     * ({@code servicename} required when {@code servicenameRequired}).
     */
    public static java.util.List<deployer.core.spi.CommandArgument> arguments(boolean servicenameRequired,
                                                                           deployer.core.spi.CommandArgument... first) {
        java.util.List<deployer.core.spi.CommandArgument> all = new java.util.ArrayList<>(java.util.List.of(first));
        all.add(deployer.core.spi.CommandArgument.optional("servicename", deployer.core.spi.CommandArgument.Type.STRING, "")
                .requiredIf(servicenameRequired));
        all.add(deployer.core.spi.CommandArgument.optional("port", deployer.core.spi.CommandArgument.Type.WHOLE, "1–65535"));
        all.add(new deployer.core.spi.CommandArgument("hostname", deployer.core.spi.CommandArgument.Type.STRING, false, false,
                "the task's host name", ""));
        all.add(deployer.core.spi.CommandArgument.optional("version", deployer.core.spi.CommandArgument.Type.STRING, ""));
        all.add(deployer.core.spi.CommandArgument.optional("install_location", deployer.core.spi.CommandArgument.Type.STRING, ""));
        return java.util.List.copyOf(all);
    }

    private final Arguments args;
    private final Map<String, String> values = new LinkedHashMap<>();

    private TemplateValues(Arguments args) {
        this.args = args;
    }

    /** Reads the five arguments; {@code servicename} is required when the command needs it for itself. */
    public static TemplateValues read(Arguments args, boolean servicenameRequired) {
        TemplateValues v = new TemplateValues(args);
        String service = servicenameRequired ? args.string("servicename") : args.optionalString("servicename").orElse(null);
        v.put("servicename", service);
        // Long.MIN_VALUE marks "absent or mistyped" (the getter has recorded the mistype).
        long port = args.integer("port", Long.MIN_VALUE);
        if (port != Long.MIN_VALUE) {
            if (port < 1 || port > 65535) {
                args.problem("argument 'port': expected a port from 1 to 65535, got " + port);
            } else {
                v.put("port", Long.toString(port));
            }
        }
        v.put("hostname", args.string("hostname", defaultHostname(args.host())));
        v.put("version", args.optionalString("version").orElse(null));
        v.put("install_location", args.optionalString("install_location").orElse(null));
        return v;
    }

    /** The name a service knows its host by: {@code web1} for {@code local:web1}, {@code be001} for {@code be001:2222}. */
    public static String defaultHostname(HostAddress host) {
        if (host.key().startsWith("local:")) {
            return host.key().substring("local:".length());
        }
        return host.local() ? "localhost" : host.hostname();
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** A required template argument; null (with a problem recorded) when missing or wrong. */
    public Template required(String key, Template.Kind kind) {
        return parse(key, args.string(key), kind);
    }

    /** An optional template argument; null when absent. */
    public Template optional(String key, Template.Kind kind) {
        return parse(key, args.optionalString(key).orElse(null), kind);
    }

    /** The template's text with every placeholder filled in. */
    public String fill(Template template) {
        return template.fill(values);
    }

    private Template parse(String key, String text, Template.Kind kind) {
        if (text == null) {
            return null;
        }
        if (text.isBlank()) {
            args.problem("argument '" + key + "' is empty");
            return null;
        }
        List<String> problems = new ArrayList<>();
        Template t = Template.parse(key, text, kind, NAMES, problems);
        for (String name : t.placeholders()) {
            if (NAMES.contains(name) && !values.containsKey(name)) {
                problems.add("argument '" + key + "' uses {" + name + "}, but argument '" + name + "' is not given");
            }
        }
        problems.forEach(args::problem);
        return problems.isEmpty() ? t : null;
    }

    private void put(String name, String value) {
        if (value != null) {
            values.put(name, value);
        }
    }
}
