package deployer.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A plain scan of Java sources for mentions of packages a module must not use (the architecture tests of commands
 * and generators): an import, a static import or a fully qualified name, in code or javadoc.
 */
public final class ForbiddenPackages {

    private ForbiddenPackages() {
    }

    /** Each mention of {@code forbidden} as {@code path:line: package}, path relative to {@code root}. */
    public static List<String> violations(Path root, Pattern forbidden) throws IOException {
        List<String> found = new ArrayList<>();
        for (Path file : javaFiles(root)) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = forbidden.matcher(lines.get(i));
                while (m.find()) {
                    found.add(root.relativize(file).toString().replace('\\', '/') + ":" + (i + 1) + ": " + m.group());
                }
            }
        }
        return found;
    }

    public static List<Path> javaFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
    }
}
