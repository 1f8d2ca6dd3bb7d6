package deployer.core.internal.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The CLI's sub-commands, by the words that pick them after the launcher: {@code deploy status …} is
 * {@link DeployStatus}, {@code deploy lock release …} {@link DeployLockRelease}; no word picks the launcher's default
 * ({@link Deploy}). Each is made only when picked, so a run loads the classes of its own sub-command alone.
 */
final class CliTable {

    static final CliTable DEPLOY = new CliTable(Deploy::new, Map.of(
            List.of("status"), DeployStatus::new,
            List.of("run"), DeployRun::new,
            List.of("inventory"), DeployInventory::new,
            List.of("shell"), DeployShell::new,
            List.of("secrets"), DeploySecrets::new,
            List.of("lock", "release"), DeployLockRelease::new));

    static final CliTable BUILD_TASKLIST = new CliTable(BuildTasklist::new, Map.of());

    private final Supplier<SubCommand> fallback;
    private final Map<List<String>, Supplier<SubCommand>> byWords;

    private CliTable(Supplier<SubCommand> fallback, Map<List<String>, Supplier<SubCommand>> byWords) {
        this.fallback = fallback;
        this.byWords = byWords;
    }

    int run(String[] args, PrintStream out, PrintStream err) {
        for (var entry : byWords.entrySet()) {
            List<String> words = entry.getKey();
            if (args.length >= words.size() && Arrays.asList(args).subList(0, words.size()).equals(words)) {
                return entry.getValue().get().run(Arrays.copyOfRange(args, words.size(), args.length), out, err);
            }
        }
        for (var entry : byWords.entrySet()) {
            List<String> words = entry.getKey();
            if (words.size() > 1 && args.length > 0 && args[0].equals(words.get(0))) {
                // The group's first word without an action it knows: its help (exit 2 when nothing was asked).
                SubCommand command = entry.getValue().get();
                if (args.length == 1 || args[1].equals("--help") || args[1].equals("-h")) {
                    out.print(command.help());
                    return args.length == 1 ? 2 : 0;
                }
                return Preparation.usage(String.join(" ", fallback.get().name(), words.get(0)), new UsageException(
                        "unknown action '" + args[1] + "'; expected: " + String.join(" ", words.subList(1, words.size()))), err);
            }
        }
        return fallback.get().run(args, out, err);
    }

    /** Every sub-command, the default first, in the order a reference lists them. */
    List<SubCommand> all() {
        List<SubCommand> all = new java.util.ArrayList<>(List.of(fallback.get()));
        Map<String, SubCommand> sorted = new java.util.TreeMap<>();
        byWords.values().forEach(s -> {
            SubCommand c = s.get();
            sorted.put(c.name(), c);
        });
        all.addAll(sorted.values());
        return all;
    }
}
