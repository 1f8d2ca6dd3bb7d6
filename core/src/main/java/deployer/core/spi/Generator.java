package deployer.core.spi;

import deployer.core.config.MapSchema;
import deployer.core.model.InvalidInputException;
import deployer.core.model.Tasklist;

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
}
