package deployer.tests.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The relative links of Markdown files and the anchors GitHub gives their headings: what {@link DocsLinksTest}
 * checks. Links and headings inside fenced code blocks and code spans are text, not links.
 */
final class MarkdownLinks {

    /** A relative link as written, where it was written. */
    record Link(Path file, int line, String target) {
        String where(Path root) {
            return root.relativize(file) + ":" + line;
        }
    }

    private static final Pattern INLINE_LINK = Pattern.compile("!?\\[(?:[^\\]\\[]|\\[[^\\]]*\\])*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern CODE_SPAN = Pattern.compile("(`+)(?:(?!\\1).)+?\\1");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(```|~~~)");

    private MarkdownLinks() {
    }

    /** Every link of the file whose target is neither a URL with a scheme nor a mail address. */
    static List<Link> relativeLinks(Path file) throws IOException {
        List<Link> links = new ArrayList<>();
        List<String> lines = prose(file);
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = INLINE_LINK.matcher(CODE_SPAN.matcher(lines.get(i)).replaceAll(""));
            while (m.find()) {
                String target = m.group(1);
                if (!target.matches("(?i)[a-z][a-z0-9+.-]*:.*")) {
                    links.add(new Link(file, i + 1, target));
                }
            }
        }
        return links;
    }

    /** The anchors GitHub makes for the file's headings, in order (a repeated one gets -1, -2, …). */
    static Set<String> anchors(Path file) throws IOException {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : prose(file)) {
            Matcher m = HEADING.matcher(line);
            if (m.matches()) {
                String slug = slug(m.group(2));
                int n = seen.merge(slug, 1, Integer::sum) - 1;
                anchors.add(n == 0 ? slug : slug + "-" + n);
            }
        }
        return anchors;
    }

    /**
     * GitHub's anchor of a heading (as github-slugger makes it from the rendered text): lower case, every character
     * but letters, digits, marks, '_', '-' and spaces dropped, spaces made '-'.
     */
    static String slug(String heading) {
        String text = heading
                .replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1"); // a link shows its text
        return text.toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]", "")
                .replace(' ', '-');
    }

    /** The file's lines with the lines of fenced code blocks blanked (line numbers stay right). */
    private static List<String> prose(Path file) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        String fence = null;
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = FENCE.matcher(lines.get(i));
            if (fence == null && m.find()) {
                fence = m.group(1);
                lines.set(i, "");
            } else if (fence != null) {
                if (lines.get(i).trim().startsWith(fence)) {
                    fence = null;
                }
                lines.set(i, "");
            }
        }
        return lines;
    }
}
