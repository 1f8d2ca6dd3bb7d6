package deployer.commands.files;

import static deployer.core.spi.Shell.quote;

/**
 * The line {@code symlink} appends to a release history file on every switch (format in commands/COMMANDS.md):
 * <pre>{@code <UTC time>\t<deploy|rollback>\t<old link target, or ->\t<new link target>\t<operator>}</pre>
 * One short line written by one {@code printf} onto a file opened for appending: a single write, so lines of two
 * writers never interleave and a crash leaves at worst one torn last line, which readers skip with a warning.
 */
final class SwitchHistory {

    /** Printed instead of failing when the line could not be appended after the link was switched. */
    static final String UNRECORDED = "history-unrecorded";

    private SwitchHistory() {
    }

    /** Shell lines run right after the switch, with {@code $h} the file, {@code $old} and {@code $s} the targets. */
    static String appendLine(String action, String operator) {
        return "now=$(date -u +%Y-%m-%dT%H:%M:%SZ)\n"
                // A target holding a tab or a newline would break the line apart; the new one cannot (initialize).
                + "o=$(printf '%s' \"${old:--}\" | tr '\\t\\n' '  ')\n"
                + "printf '%s\\t%s\\t%s\\t%s\\t%s\\n' \"$now\" " + quote(action) + " \"$o\" \"$s\" " + quote(operator)
                + " >>\"$h\" || echo " + UNRECORDED + "\n";
    }
}
