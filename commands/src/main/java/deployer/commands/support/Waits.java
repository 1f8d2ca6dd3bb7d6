package deployer.commands.support;

import deployer.core.spi.Arguments;

import java.time.Duration;

/** The duration arguments of waiting commands: a timeout (at least 0) and a polling interval (more than 0). */
public final class Waits {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    /** The {@code interval} argument of a polling command: seconds between two checks, more than 0. */
    public static final deployer.core.spi.CommandArgument INTERVAL = deployer.core.spi.CommandArgument.optional("interval",
            deployer.core.spi.CommandArgument.Type.SECONDS, 1, "");

    /** A time limit argument in seconds, default {@link #DEFAULT_TIMEOUT}. */
    public static deployer.core.spi.CommandArgument timeoutArgument(String key) {
        return deployer.core.spi.CommandArgument.optional(key, deployer.core.spi.CommandArgument.Type.SECONDS,
                DEFAULT_TIMEOUT.toSeconds(), "");
    }

    private Waits() {
    }

    public static Duration timeout(Arguments args, String key) {
        return args.seconds(key, DEFAULT_TIMEOUT);
    }

    /** The pause between checks; 0 would spin, so it must be positive. */
    public static Duration interval(Arguments args) {
        Duration d = args.seconds("interval", DEFAULT_INTERVAL);
        if (d.isZero() && args.has("interval")) {
            args.problem("argument 'interval': expected more than 0 seconds");
            return DEFAULT_INTERVAL;
        }
        return d;
    }

    /** A timeout for running one command: 0 would mean "forever" to the host, so it must be positive. */
    public static Duration commandTimeout(Arguments args, String key) {
        Duration d = timeout(args, key);
        if (d.isZero()) {
            args.problem("argument '" + key + "': expected more than 0 seconds");
            return DEFAULT_TIMEOUT;
        }
        return d;
    }
}
