package deployer.core.internal.exec;

import deployer.core.config.Config;
import deployer.core.config.MapSchema;
import deployer.core.config.PlatformSchemas;
import deployer.core.model.InvalidInputException;
import deployer.core.spi.Generator;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The platform generators on the classpath, by platform name. */
public final class GeneratorRegistry implements PlatformSchemas {

    private final Map<String, Generator> byPlatform = new TreeMap<>();

    private GeneratorRegistry() {
    }

    public static GeneratorRegistry load() {
        GeneratorRegistry r = new GeneratorRegistry();
        ServiceLoader.load(Generator.class, Thread.currentThread().getContextClassLoader())
                .forEach(g -> r.byPlatform.putIfAbsent(g.platform(), g));
        return r;
    }

    public java.util.Optional<Generator> forPlatform(String platform) {
        return java.util.Optional.ofNullable(byPlatform.get(platform));
    }

    /** The generator of the config's platform; a config without one, or with an unknown one, is a located problem. */
    public Generator forConfig(Config config) throws InvalidInputException {
        String platform = config.string("platform").orElseThrow(() -> config.error("a config to generate from needs 'platform'"));
        return forPlatform(platform).orElseThrow(() -> config.error(unknownPlatform(platform), "platform"));
    }

    @Override
    public java.util.Optional<MapSchema> schema(String platform) {
        return forPlatform(platform).map(Generator::configSchema);
    }

    @Override
    public java.util.Set<String> platforms() {
        return byPlatform.keySet();
    }
}
