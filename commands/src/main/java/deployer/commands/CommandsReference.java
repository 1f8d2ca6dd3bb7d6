package deployer.commands;

import deployer.core.spi.Command;
import deployer.core.spi.CommandArgument;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * The command table of COMMANDS.md, generated from the commands' declarations ({@link Command#arguments()},
 * {@link Command#summary()}); the prose around it is written by hand. Commands with the same arguments and summary
 * share a row. {@code main(COMMANDS.md)} rewrites the file; a test keeps the checked-in one current.
 */
public final class CommandsReference {

    public static final String BEGIN = "<!-- The table below is generated from the commands' declarations"
            + " (deployer.commands.CommandsReference); edit the declarations, not the table. -->";
    public static final String END = "<!-- End of the generated table. -->";

    private CommandsReference() {
    }

    /** {@code written} with the text between its markers replaced by the current table. */
    public static String withTable(String written) {
        int begin = written.indexOf(BEGIN);
        int end = written.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("COMMANDS.md has no generated table markers");
        }
        return written.substring(0, begin + BEGIN.length()) + "\n\n" + table() + "\n" + written.substring(end);
    }

    /** The table of the commands on the classpath, in their registration order. */
    public static String table() {
        return table(ServiceLoader.load(Command.class, CommandsReference.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).toList());
    }

    static String table(List<Command> commands) {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (Command c : commands) {
            String rest = arguments(c.arguments()) + " | " + c.summary().replace("|", "\\|");
            rows.computeIfAbsent(rest, r -> new ArrayList<>()).add("`" + c.name() + "`"
                    + (c.formerNames().isEmpty() ? "" : " (formerly " + c.formerNames().stream().map(n -> "`" + n + "`")
                    .collect(Collectors.joining(", ")) + ")"));
        }
        StringBuilder out = new StringBuilder();
        out.append("| command | arguments (required **bold**; `name=default`) | does |\n|---|---|---|\n");
        rows.forEach((rest, names) -> out.append("| ").append(String.join(" / ", names)).append(" | ").append(rest).append(" |\n"));
        return out.toString();
    }

    private static String arguments(List<CommandArgument> arguments) {
        return arguments.stream().map(CommandsReference::argument).collect(Collectors.joining(", "));
    }

    private static String argument(CommandArgument a) {
        StringBuilder s = new StringBuilder(a.required() ? "**" + a.name() + "**" : a.name());
        if (a.defaultText() != null) {
            s.append('=').append(a.defaultText().contains(" ") ? "(" + a.defaultText() + ")" : a.defaultText());
        }
        List<String> notes = new ArrayList<>();
        notes.add(label(a.type()));
        if (a.sensitive()) {
            notes.add("sensitive");
        }
        if (!a.description().isEmpty()) {
            notes.add(a.description());
        }
        return s.append(" (").append(String.join("; ", notes).replace("|", "\\|")).append(')').toString();
    }

    private static String label(CommandArgument.Type type) {
        return switch (type) {
            case STRING -> "string";
            case WHOLE -> "whole number";
            case NUMBER -> "number";
            case BOOLEAN -> "true/false";
            case SECONDS -> "seconds";
            case STRINGS -> "list of strings";
            case OBJECT -> "object";
        };
    }

    /** Rewrites the table of the COMMANDS.md at {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0] : "commands/COMMANDS.md");
        Files.writeString(file, withTable(Files.readString(file, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }
}
