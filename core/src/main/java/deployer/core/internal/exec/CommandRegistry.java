package deployer.core.internal.exec;

import deployer.core.spi.Command;

import java.lang.reflect.InvocationTargetException;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * The commands on the classpath (registered under META-INF/services/deployer.core.spi.Command), by name; a command's
 * {@link Command#formerNames() former names} find it too, but are not among its {@link #names() names}.
 */
public final class CommandRegistry {

    private final Map<String, Class<? extends Command>> byName;
    /** Every name a command answers to (current and former) → its current name. */
    private final Map<String, String> current;

    private CommandRegistry(Map<String, Class<? extends Command>> byName, Map<String, String> current) {
        this.byName = Collections.unmodifiableMap(byName);
        this.current = Collections.unmodifiableMap(current);
    }

    public static CommandRegistry load(ClassLoader loader) {
        Builder found = new Builder();
        for (ServiceLoader.Provider<Command> p : ServiceLoader.load(Command.class, loader).stream().toList()) {
            found.add(p.type(), p.get());
        }
        return found.build();
    }

    /** A registry of exactly these commands, for embedding and tests. */
    @SafeVarargs
    public static CommandRegistry of(Class<? extends Command>... types) {
        Builder found = new Builder();
        for (Class<? extends Command> type : types) {
            found.add(type, instance(type, type.getName()));
        }
        return found.build();
    }

    private static final class Builder {
        private final Map<String, Class<? extends Command>> byName = new TreeMap<>();
        private final Map<String, String> current = new TreeMap<>();

        void add(Class<? extends Command> type, Command command) {
            claim(command.name(), type);
            current.put(command.name(), command.name());
            for (String former : command.formerNames()) {
                claim(former, type);
                current.put(former, command.name());
            }
        }

        private void claim(String name, Class<? extends Command> type) {
            Class<? extends Command> clash = byName.putIfAbsent(name, type);
            if (clash != null && clash != type) {
                throw new IllegalStateException("two commands are named '" + name + "': " + clash.getName() + " and " + type.getName());
            }
        }

        CommandRegistry build() {
            return new CommandRegistry(byName, current);
        }
    }

    public static CommandRegistry load() {
        return load(Thread.currentThread().getContextClassLoader());
    }

    /** The current names of the commands (former names left out), in order. */
    public Set<String> names() {
        Set<String> names = new java.util.TreeSet<>();
        current.forEach((name, now) -> {
            if (name.equals(now)) {
                names.add(name);
            }
        });
        return Collections.unmodifiableSet(names);
    }

    /** The current name of the command {@code name} finds (itself, or the new name of a former one). */
    public Optional<String> currentName(String name) {
        return Optional.ofNullable(current.get(name));
    }

    /** One instance of every command, under its current name, in name order: for references and the schema. */
    public java.util.List<Command> commands() {
        return names().stream().map(n -> create(n).orElseThrow()).toList();
    }

    /** A new instance of the named command, one per task. */
    public Optional<Command> create(String name) {
        Class<? extends Command> type = byName.get(name);
        return type == null ? Optional.empty() : Optional.of(instance(type, name));
    }

    private static Command instance(Class<? extends Command> type, String name) {
        try {
            return type.getDeclaredConstructor().newInstance();
        } catch (InstantiationException | IllegalAccessException | NoSuchMethodException e) {
            throw new IllegalStateException("command '" + name + "' (" + type.getName() + ") needs a public no-argument constructor", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("command '" + name + "' failed to construct: " + e.getCause(), e.getCause());
        }
    }
}
