package deployer.core.spi;

import deployer.core.model.InvalidInputException;
import deployer.core.model.Tasklist;

/**
 * Turns a platform's config into a tasklist. Registered with {@link java.util.ServiceLoader}; the config's
 * {@code platform} key picks one by {@link #platform()}.
 */
public interface Generator {

    String platform();

    /** Builds the plan. Config mistakes are {@link InvalidInputException}s that say where in the config. */
    Tasklist generate(GeneratorContext context) throws InvalidInputException, HostException, InterruptedException;
}
