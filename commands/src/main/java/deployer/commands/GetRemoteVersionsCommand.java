package deployer.commands;

import deployer.core.spi.CommandArgument;
import static deployer.core.spi.CommandArgument.Type.*;
import static deployer.core.spi.CommandArgument.optional;
import static deployer.core.spi.CommandArgument.required;

import deployer.commands.support.PathArguments;

import deployer.core.spi.Arguments;
import deployer.core.spi.Command;
import deployer.core.spi.CommandContext;
import deployer.core.spi.CommandResult;
import deployer.core.spi.RemoteVersions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Logs {@code service host version} for each service, read from the host's release symlinks ("none" when a
 * service has no symlink). A host that cannot be read fails the task; it is never reported as "none".
 */
public final class GetRemoteVersionsCommand implements Command {

    /** Declared once: checked before initialize, listed in COMMANDS.md and the tasklist schema. */
    static final List<CommandArgument> ARGUMENTS = List.of(required("install_location", STRING, ""), required("services", STRINGS, ""));

    @Override
    public List<CommandArgument> arguments() {
        return ARGUMENTS;
    }

    @Override
    public String summary() {
        return "reads `install_location/<service>` symlinks; logs `service host version`";
    }

    private String installLocation;
    private List<String> services;

    @Override
    public String name() {
        return "get_remote_versions";
    }

    /** Running it again is safe: only reads. */
    @Override
    public boolean idempotent() {
        return true;
    }

    @Override
    public String describe() {
        return "read the installed versions of " + String.join(", ", services) + " under " + installLocation;
    }

    @Override
    public void initialize(Arguments args) {
        installLocation = PathArguments.required(args, "install_location");
        services = args.strings("services");
        if (args.has("services") && services.isEmpty()) {
            args.problem("argument 'services': expected at least one service name");
        }
        for (String s : services) {
            if (s.isEmpty() || s.contains("/") || s.equals(".") || s.equals("..") || s.contains("\n")) {
                args.problem("argument 'services': \"" + s + "\" is not a service name (a file name without '/')");
            }
        }
    }

    @Override
    public CommandResult execute(CommandContext context) throws Exception {
        Map<String, Optional<String>> versions = RemoteVersions.read(context.host(), installLocation, services);
        List<String> found = new ArrayList<>();
        versions.forEach((service, version) -> {
            String v = version.orElse("none");
            context.log().info("{} {} {}", service, context.host().name(), v);
            found.add(service + " " + v);
        });
        return CommandResult.succeeded(String.join(", ", found));
    }
}
