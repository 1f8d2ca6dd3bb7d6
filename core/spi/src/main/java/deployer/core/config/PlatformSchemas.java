package deployer.core.config;

import java.util.Collection;
import java.util.Optional;

/** The platforms a config may name, and the keys each one's generator declares on top of {@link CoreSchema}. */
public interface PlatformSchemas {

    /** The generator's own keys, or empty when no generator has this platform. */
    Optional<MapSchema> schema(String platform);

    Collection<String> platforms();

    /**
     * For a config that only accompanies a saved tasklist (its connection settings matter, no generator runs): a
     * platform no generator has is accepted, with core's keys checked and everything else passed through.
     */
    static PlatformSchemas acceptingUnknown(PlatformSchemas known) {
        return new PlatformSchemas() {
            @Override
            public Optional<MapSchema> schema(String platform) {
                return Optional.of(known.schema(platform).orElse(MapSchema.open()));
            }

            @Override
            public Collection<String> platforms() {
                return known.platforms();
            }
        };
    }

    /** The one message for a platform nobody provides: with the nearest known name, and every known one. */
    default String unknownPlatform(String platform) {
        return "unknown platform '" + platform + "'"
                + Suggestions.closest(platform, platforms()).map(s -> "; did you mean '" + s + "'?").orElse("")
                + "; known platforms: " + String.join(", ", platforms());
    }
}
