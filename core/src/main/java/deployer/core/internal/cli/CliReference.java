package deployer.core.internal.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The generated part of docs/reference/cli.md: the {@code --help} of every sub-command of {@link CliTable}, from its
 * declaration. {@code CliReference FILE} rewrites that part of FILE in place (from {@link #HEADING} to the end);
 * without an argument it prints the part. CliReferenceTest fails when the file is out of date.
 */
public final class CliReference {

    /** Where the generated part starts; everything above it is written by hand. */
    public static final String HEADING = "## Every option: the `--help` of each command";

    private CliReference() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.out.print(section());
            return;
        }
        Path file = Path.of(args[0]);
        Files.writeString(file, withSection(Files.readString(file, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    /** The generated part, heading included. */
    public static String section() {
        StringBuilder b = new StringBuilder(HEADING).append("\n\n")
                .append("Generated from the sub-command declarations (`deployer.core.internal.cli.CliTable`) with the platforms\n"
                        + "of this build installed; regenerate it with `CliReference docs/reference/cli.md` (CliReferenceTest fails\n"
                        + "when it is out of date).\n");
        for (CliTable table : new CliTable[] {CliTable.DEPLOY, CliTable.BUILD_TASKLIST}) {
            for (SubCommand command : table.all()) {
                b.append("\n### `").append(command.name()).append(" --help`\n\n```\n").append(command.help()).append("```\n");
            }
        }
        return b.toString();
    }

    /** {@code document} with its generated part (from {@link #HEADING} on) replaced by {@link #section()}. */
    public static String withSection(String document) {
        int at = document.indexOf(HEADING);
        if (at < 0) {
            throw new IllegalArgumentException("no '" + HEADING + "' heading: where does the generated part go?");
        }
        return document.substring(0, at) + section();
    }
}
