package deployer.core.spi;

import deployer.core.config.MapSchema;
import deployer.core.model.InvalidInputException;
import deployer.core.model.Tasklist;

import java.util.Optional;

/**
 * Turns a platform's config into a tasklist. Registered with {@link java.util.ServiceLoader}; the config's
 * {@code platform} key picks one by {@link #platform()}.
 */
public interface Generator {

    String platform();

    /**
     * The config keys this platform reads, on top of core's ({@link deployer.core.config.CoreSchema}): declared once,
     * they drive validation ("unknown key … did you mean …"), {@code build-tasklist --explain-config} and CONFIG.md.
     * A generator that declares nothing gets an open schema: its keys are passed through unchecked.
     */
    default MapSchema configSchema() {
        return MapSchema.open();
    }

    /** Builds the plan. Config mistakes are {@link InvalidInputException}s that say where in the config. */
    Tasklist generate(GeneratorContext context) throws InvalidInputException, HostException, InterruptedException;

    /**
     * What runs where now ({@code deploy status}): read from the hosts through {@link GeneratorContext#hosts()}, never
     * changing them. A host that cannot be read is a row with state UNREACHABLE, not a failure of the whole status.
     * Empty when this platform cannot tell (the default): the CLI then says "status not supported by this platform".
     */
    default Optional<StatusReport> status(GeneratorContext context) throws InvalidInputException, InterruptedException {
        return Optional.empty();
    }
}
