package deployer.core.spi;

import deployer.core.config.ConfigKey;
import deployer.core.config.ValueType;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A command-line option of one platform, declared by its generator ({@link Generator#commandLineOptions()}): the CLI
 * parses it, lists it in {@code --help}, the reference and completion, and hands it to the generator the one way
 * options reach a generator: as the config key it sets (an option the user typed wins over the config's value), or,
 * for package options, as {@link GeneratorContext#components()}. A config of another platform refuses it.
 *
 * @param name        the long option, without {@code --}
 * @param argName     what its value is called in {@code --help} ({@code SERVICE}, {@code FILE…}), or null for a flag
 * @param target      where the typed value goes
 * @param description one line for {@code --help}
 * @param uses        the sub-commands that take it, by what they ask of the generator
 * @param rules       how it combines with other options, checked before anything is read
 */
public record PlatformOption(String name, String argName, Target target, String description, Set<Use> uses, List<Rule> rules) {

    /** What a sub-command asks of the generator; an option lists those it makes sense for. */
    public enum Use {
        /** Plan a deploy ({@link Generator#generate}): {@code deploy}, {@code build-tasklist}, {@code deploy shell}. */
        PLAN,
        /** Read what runs where ({@link Generator#status}): {@code deploy status}. */
        STATUS,
        /** Find the deploy locks a plan of every selected host takes: {@code deploy lock release}. */
        LOCKS,
        /** Pick the hosts of an ad-hoc command ({@link Generator#adHocHosts}): {@code deploy run}. */
        AD_HOC,
        /** Show the hosts and groups the config's inventories resolved to ({@link Generator#inventory}): {@code deploy inventory}. */
        INVENTORY
    }

    /** Where a typed option goes. */
    public sealed interface Target {
    }

    /**
     * Sets a config key of the platform's schema: a flag sets true; an option with a value sets it as the key's type
     * reads it (a whole number checked against its range, a list from every word up to the next option); {@code unit} names
     * what a number counts, for the message of a bad one ("a whole number of seconds"), or is null.
     */
    public record SetsKey(ConfigKey key, String unit) implements Target {
        public SetsKey {
            Objects.requireNonNull(key, "key");
        }
    }

    /** Package files, each checked readable, into {@link GeneratorContext#components()}. */
    public record PackageFiles() implements Target {
    }

    /** A directory whose (not hidden) files are the packages, into {@link GeneratorContext#components()}. */
    public record PackageDirectory() implements Target {
    }

    /** How an option combines with others. */
    public sealed interface Rule {
    }

    /** Only with {@code option}: "--to VERSION {@code why}; give it with --rollback SERVICE". */
    public record Requires(String option, String why) implements Rule {
    }

    /** Never with {@code option}: "give only one of --this and --option". */
    public record Excludes(String option) implements Rule {
    }

    /** Never with {@code --tasklist} (it shapes a generated plan); {@code message} says what to do instead. */
    public record NotWithTasklist(String message) implements Rule {
    }

    public PlatformOption {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(description, "description");
        uses = Set.copyOf(uses);
        rules = List.copyOf(rules);
        if (target instanceof SetsKey s && (argName == null) != (s.key().type() instanceof ValueType.Flag)) {
            throw new IllegalArgumentException("--" + name + ": a flag sets a true-or-false key, an option with a value any other");
        }
    }

    /** {@code --name} sets {@code key} (true or false) to true. */
    public static PlatformOption flag(String name, ConfigKey key, String description) {
        return new PlatformOption(name, null, new SetsKey(key, null), description, EnumSet.of(Use.PLAN), List.of());
    }

    /** {@code --name VALUE} sets {@code key}; a key of a list type takes every word up to the next option. */
    public static PlatformOption value(String name, String argName, ConfigKey key, String description) {
        return new PlatformOption(name, argName, new SetsKey(key, null), description, EnumSet.of(Use.PLAN), List.of());
    }

    public static PlatformOption packageFiles(String name, String argName, String description) {
        return new PlatformOption(name, argName, new PackageFiles(), description, EnumSet.of(Use.PLAN), List.of());
    }

    public static PlatformOption packageDirectory(String name, String argName, String description) {
        return new PlatformOption(name, argName, new PackageDirectory(), description, EnumSet.of(Use.PLAN), List.of());
    }

    /** The same option, taken by these sub-commands (by default by those that plan a deploy only). */
    public PlatformOption in(Use first, Use... more) {
        return new PlatformOption(name, argName, target, description, EnumSet.of(first, more), rules);
    }

    public PlatformOption requires(String option, String why) {
        return with(new Requires(option, why));
    }

    public PlatformOption excludes(String option) {
        return with(new Excludes(option));
    }

    public PlatformOption notWithTasklist(String message) {
        return with(new NotWithTasklist(message));
    }

    /** The same option with a number's unit, for messages. */
    public PlatformOption counting(String unit) {
        if (!(target instanceof SetsKey s)) {
            throw new IllegalStateException("--" + name + " sets no key");
        }
        return new PlatformOption(name, argName, new SetsKey(s.key(), unit), description, uses, rules);
    }

    /** Whether it takes every word up to the next option ({@code --component a b c}). */
    public boolean takesMany() {
        return target instanceof PackageFiles || target instanceof SetsKey s && isList(s.key().type());
    }

    /** The types that read a list of words ({@link ValueType#strings()}, hosts, a list of anything). */
    static boolean isList(ValueType type) {
        return type instanceof ValueType.ListOf || type instanceof ValueType.Strings || type instanceof ValueType.Hosts
                || type instanceof ValueType.AnyOf any && any.alternatives().stream().anyMatch(PlatformOption::isList);
    }

    private PlatformOption with(Rule rule) {
        List<Rule> more = new ArrayList<>(rules);
        more.add(rule);
        return new PlatformOption(name, argName, target, description, uses, more);
    }
}
