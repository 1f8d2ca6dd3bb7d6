package deployer.core.internal.exec;

import deployer.core.spi.Command;

import java.lang.reflect.InvocationTargetException;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/** The commands on the classpath (registered under META-INF/services/deployer.core.spi.Command), by name. */
public final class CommandRegistry {

    private final Map<String, Class<? extends Command>> byName;

    private CommandRegistry(Map<String, Class<? extends Command>> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    public static CommandRegistry load(ClassLoader loader) {
        Map<String, Class<? extends Command>> found = new TreeMap<>();
        for (ServiceLoader.Provider<Command> p : ServiceLoader.load(Command.class, loader).stream().toList()) {
            Class<? extends Command> type = p.type();
            String name = p.get().name();
            Class<? extends Command> clash = found.putIfAbsent(name, type);
            if (clash != null && clash != type) {
                throw new IllegalStateException("two commands are named '" + name + "': " + clash.getName() + " and " + type.getName());
            }
        }
        return new CommandRegistry(found);
    }

    /** A registry of exactly these commands, for embedding and tests. */
    @SafeVarargs
    public static CommandRegistry of(Class<? extends Command>... types) {
        Map<String, Class<? extends Command>> found = new TreeMap<>();
        for (Class<? extends Command> type : types) {
            found.put(new CommandRegistry(Map.of("", type)).create("").orElseThrow().name(), type);
        }
        return new CommandRegistry(found);
    }

    public static CommandRegistry load() {
        return load(Thread.currentThread().getContextClassLoader());
    }

    public Set<String> names() {
        return byName.keySet();
    }

    /** A new instance of the named command, one per task. */
    public Optional<Command> create(String name) {
        Class<? extends Command> type = byName.get(name);
        if (type == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(type.getDeclaredConstructor().newInstance());
        } catch (InstantiationException | IllegalAccessException | NoSuchMethodException e) {
            throw new IllegalStateException("command '" + name + "' (" + type.getName() + ") needs a public no-argument constructor", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("command '" + name + "' failed to construct: " + e.getCause(), e.getCause());
        }
    }
}
