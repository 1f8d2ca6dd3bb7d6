package deployer.commands.templates;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;

import java.util.Arrays;
import java.util.List;

/** A unified diff (as {@code diff -u} prints it, three lines of context) between two texts. */
public final class UnifiedDiff {

    private UnifiedDiff() {
    }

    /** The diff, ending in a newline; empty when the texts are equal. */
    public static String of(String oldName, String oldText, String newName, String newText) {
        List<String> oldLines = lines(oldText);
        List<String> newLines = lines(newText);
        List<String> diff = UnifiedDiffUtils.generateUnifiedDiff(oldName, newName, oldLines,
                DiffUtils.diff(oldLines, newLines), 3);
        StringBuilder out = new StringBuilder();
        diff.forEach(l -> out.append(l).append('\n'));
        if (!oldText.equals(newText) && oldLines.equals(newLines)) {
            // Only a final newline differs, which a line diff does not show.
            out.append("(only the final newline differs)\n");
        }
        return out.toString();
    }

    private static List<String> lines(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return Arrays.asList(body.split("\n", -1));
    }
}
