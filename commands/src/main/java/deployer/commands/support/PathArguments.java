package deployer.commands.support;

import deployer.core.spi.Arguments;

import java.util.Optional;

/**
 * Path arguments (paths on the task's host). They are quoted wherever they reach a shell; on top of that a path
 * may not start with '-' (a tool would read it as an option) nor hold a newline (line-based output would break).
 * Trailing slashes are dropped so {@code /opt/web/} and {@code /opt/web} name the same thing for every tool.
 */
public final class PathArguments {

    private PathArguments() {
    }

    /** A required path; null (with a problem recorded) when missing or unusable. */
    public static String required(Arguments args, String key) {
        return check(args, key, args.string(key));
    }

    public static Optional<String> optional(Arguments args, String key) {
        return Optional.ofNullable(check(args, key, args.optionalString(key).orElse(null)));
    }

    private static String check(Arguments args, String key, String path) {
        if (path == null) {
            return null;
        }
        if (path.isEmpty()) {
            args.problem("argument '" + key + "' is empty; expected a path");
            return null;
        }
        if (path.startsWith("-")) {
            args.problem("argument '" + key + "': path '" + path + "' starts with '-'; write ./" + path + " instead");
            return null;
        }
        if (path.indexOf('\n') >= 0 || path.indexOf('\0') >= 0) {
            args.problem("argument '" + key + "': path contains a newline or NUL character");
            return null;
        }
        String trimmed = path;
        while (trimmed.length() > 1 && trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }

    /** The last element of a path ({@code /opt/web_1.0} → {@code web_1.0}). */
    public static String fileName(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    /** Whether removing or emptying this path would be a disaster whatever the user meant. */
    public static boolean isRoot(String path) {
        return path.equals("/") || path.equals(".") || path.equals("..");
    }
}
