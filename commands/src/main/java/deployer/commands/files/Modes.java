package deployer.commands.files;

import deployer.core.spi.Arguments;

import java.util.Optional;
import java.util.regex.Pattern;

/** The {@code mode} argument: octal permission digits as a string ("0755", "640"), as chmod takes them. */
final class Modes {

    private static final Pattern OCTAL = Pattern.compile("[0-7]{3,4}");

    private Modes() {
    }

    /** The {@code mode} argument: octal digits as a string; {@code defaultMode} null when there is none. */
    static deployer.core.spi.CommandArgument argument(String defaultMode) {
        return defaultMode == null
                ? deployer.core.spi.CommandArgument.optional("mode", deployer.core.spi.CommandArgument.Type.STRING, "")
                : deployer.core.spi.CommandArgument.optional("mode", deployer.core.spi.CommandArgument.Type.STRING, "\"" + defaultMode + "\"", "");
    }

    static Optional<String> optional(Arguments args) {
        Optional<String> mode = args.optionalString("mode");
        if (mode.isPresent() && !OCTAL.matcher(mode.get()).matches()) {
            args.problem("argument 'mode': expected 3 or 4 octal digits as a string, e.g. \"0755\", got \"" + mode.get() + "\"");
            return Optional.empty();
        }
        return mode;
    }
}
