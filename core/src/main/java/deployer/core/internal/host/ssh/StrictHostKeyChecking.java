package deployer.core.internal.host.ssh;

import java.util.Optional;

/**
 * What to do with a host key that is not in known_hosts, with OpenSSH's meaning of {@code StrictHostKeyChecking}.
 * A key that differs from the known one is refused under every setting: that is what a man in the middle
 * looks like.
 */
public enum StrictHostKeyChecking {
    /** Refuse hosts whose key is not known (OpenSSH's default in batch mode). */
    YES("yes"),
    /** Accept an unknown host's key and append it to known_hosts; later runs check against it. */
    ACCEPT_NEW("accept-new"),
    /** Accept an unknown host's key for this run without recording it. */
    NO("no");

    private final String configValue;

    StrictHostKeyChecking(String configValue) {
        this.configValue = configValue;
    }

    public String configValue() {
        return configValue;
    }

    /** Parses a config value; YAML turns a bare {@code yes}/{@code no} into a boolean, so those spellings count too. */
    static Optional<StrictHostKeyChecking> parse(String value) {
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "yes", "true" -> Optional.of(YES);
            case "accept-new" -> Optional.of(ACCEPT_NEW);
            case "no", "off", "false" -> Optional.of(NO);
            default -> Optional.empty();
        };
    }
}
