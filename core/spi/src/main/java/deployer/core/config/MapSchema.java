package deployer.core.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The declared keys of one mapping (the top level, {@code ssh}, one service…), in the order the reference lists
 * them. A closed schema rejects every other key; an {@link #open()} one (a third-party generator that declares
 * nothing) lets undeclared keys through.
 */
public final class MapSchema {

    private final Map<String, ConfigKey> keys;
    private final boolean open;

    private MapSchema(Map<String, ConfigKey> keys, boolean open) {
        this.keys = Collections.unmodifiableMap(keys);
        this.open = open;
    }

    public static MapSchema of(ConfigKey... keys) {
        return new MapSchema(index(List.of(keys)), false);
    }

    /** No keys declared, any key accepted: what a generator that declares no schema gets. */
    public static MapSchema open() {
        return new MapSchema(Map.of(), true);
    }

    /** This schema and then {@code more}'s keys; a key declared twice is a programming error. */
    public MapSchema plus(MapSchema more) {
        List<ConfigKey> all = new ArrayList<>(keys.values());
        all.addAll(more.keys.values());
        return new MapSchema(index(all), open || more.open);
    }

    public Optional<ConfigKey> key(String name) {
        return Optional.ofNullable(keys.get(name));
    }

    public List<ConfigKey> keys() {
        return List.copyOf(keys.values());
    }

    public boolean isOpen() {
        return open;
    }

    private static Map<String, ConfigKey> index(List<ConfigKey> keys) {
        Map<String, ConfigKey> m = new LinkedHashMap<>();
        for (ConfigKey k : keys) {
            if (m.put(k.name(), k) != null) {
                throw new IllegalArgumentException("config key '" + k.name() + "' is declared twice");
            }
        }
        return m;
    }
}
