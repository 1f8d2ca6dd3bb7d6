package deployer.core.exec;

import deployer.core.config.MapSchema;
import deployer.core.config.PlatformSchemas;
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

    @Override
    public java.util.Optional<MapSchema> schema(String platform) {
        return forPlatform(platform).map(Generator::configSchema);
    }

    @Override
    public java.util.Set<String> platforms() {
        return byPlatform.keySet();
    }
}
