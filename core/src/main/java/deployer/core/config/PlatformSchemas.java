package deployer.core.config;

import java.util.Collection;
import java.util.Optional;

/** The platforms a config may name, and the keys each one's generator declares on top of {@link CoreSchema}. */
public interface PlatformSchemas {

    /** The generator's own keys, or empty when no generator has this platform. */
    Optional<MapSchema> schema(String platform);

    Collection<String> platforms();
}
