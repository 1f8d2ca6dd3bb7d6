package deployer.core.internal.cli;

import deployer.core.internal.exec.GeneratorRegistry;
import deployer.core.spi.PlatformOption;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The hidden {@code build-tasklist --complete-options} behind bin/completion.bash: what a command line may hold, read
 * off the same declarations that parse it and print its {@code --help} ({@link CliTable}, {@link SubCommand}, the
 * installed platforms' {@link PlatformOption}s), so that completion cannot drift from the CLI and a plug-in
 * platform's options complete too. As kubectl's and cobra's {@code __complete}, the program answers for itself; the
 * script asks once per shell. One tab-separated record per line:
 * <ul>
 * <li>{@code command NAME OPTIONS}: a sub-command as typed ({@code deploy lock release}) and its long options;
 * <li>{@code words NAME WORDS}: the sub-command words that may follow {@code NAME} ({@code deploy}: {@code status}…);
 * <li>{@code actions NAME WORDS}: what a sub-command's first argument may be ({@code deploy secrets}: {@code encrypt}…);
 * <li>{@code file-after NAME WORDS}: the actions of {@code NAME} followed by a file ({@code deploy secrets encrypt F});
 * <li>{@code value OPTION MANY KIND}: how the value of an option (long or short spelling) completes: {@code MANY}
 * 1 when it takes every word up to the next option; {@code KIND} (its words space-separated) one of {@code files GLOB}, {@code dirs},
 * {@code names host|hostgroup|service|category} (the config's), {@code words W…}, {@code environments}, {@code none}.
 * </ul>
 */
final class CompletionSpec {

    static final String OPTION = "--complete-options";

    /** The packages a package option takes, as the tarball platform reads them. */
    private static final String PACKAGE_FILES = "*.@(tar.gz|tgz|tar|war)";

    private CompletionSpec() {
    }

    static int run(PrintStream out) {
        List<String> platforms = List.copyOf(GeneratorRegistry.load().platforms());
        Map<String, String> values = new LinkedHashMap<>();
        for (CliTable table : new CliTable[] {CliTable.DEPLOY, CliTable.BUILD_TASKLIST}) {
            Map<String, Set<String>> next = new LinkedHashMap<>();
            for (SubCommand command : table.all()) {
                Options options = command.allOptions();
                List<String> longs = new ArrayList<>();
                for (Option o : options.getOptions()) {
                    if (o.getLongOpt() != null) {
                        longs.add("--" + o.getLongOpt());
                        values.putIfAbsent("--" + o.getLongOpt(), value(o, platforms));
                    }
                    if (o.getOpt() != null) {
                        values.putIfAbsent("-" + o.getOpt(), value(o, platforms));
                    }
                }
                out.println("command\t" + command.name() + "\t" + String.join(" ", longs));
                List<String> words = List.of(command.name().split(" "));
                for (int i = 1; i < words.size(); i++) {
                    next.computeIfAbsent(String.join(" ", words.subList(0, i)), k -> new LinkedHashSet<>()).add(words.get(i));
                }
                if (!command.actions().isEmpty()) {
                    out.println("actions\t" + command.name() + "\t" + String.join(" ", command.actions()));
                }
                if (!command.actionsTakingAFile().isEmpty()) {
                    out.println("file-after\t" + command.name() + "\t" + String.join(" ", command.actionsTakingAFile()));
                }
            }
            next.forEach((name, words) -> out.println("words\t" + name + "\t" + String.join(" ", words)));
        }
        values.forEach((option, kind) -> out.println("value\t" + option + "\t" + kind));
        return 0;
    }

    /** {@code MANY<TAB>KIND[ ARG…]} of an option: from what its value goes to, else its name, else the name of its value. */
    private static String value(Option o, List<String> platforms) {
        String many = o.hasArgs() ? "1" : "0";
        return many + "\t" + kind(o, platforms);
    }

    private static String kind(Option o, List<String> platforms) {
        if (!o.hasArg()) {
            return "none";
        }
        if (o instanceof PlatformCliOption p) {
            if (p.declaration.target() instanceof PlatformOption.PackageFiles) {
                return "files " + PACKAGE_FILES;
            }
            if (p.declaration.target() instanceof PlatformOption.PackageDirectory) {
                return "dirs";
            }
        }
        switch (String.valueOf(o.getLongOpt())) {
            case "config":
                return "files *.@(yaml|yml)";
            case "environment":
                return "environments";
            case "output":
                return "words " + String.join(" ", ReportOptions.FORMATS);
            case "explain-config":
                return "words " + BuildTasklistExplainConfig.ALL + " " + String.join(" ", platforms);
            default:
                break;
        }
        String arg = String.valueOf(o.getArgName()).replace("…", "");
        return switch (arg) {
            case "HOST" -> "names host";
            case "GROUP" -> "names hostgroup";
            case "SERVICE" -> "names service";
            case "CATEGORY" -> "names category";
            case "PLATFORM" -> "words " + String.join(" ", platforms);
            case "DIR" -> "dirs";
            default -> arg.startsWith("FILE") || arg.equals("JOURNAL") || arg.endsWith(".json") ? "files *" : "none";
        };
    }
}
