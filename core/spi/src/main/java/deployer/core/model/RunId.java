package deployer.core.model;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The identity of one run ({@code 20261127T132713Z-4f9a}: UTC start second plus a random suffix), made once per
 * run. It names the run in logs, temporary paths and lock leases, so two runs never share a file even when they
 * start in the same second.
 */
public record RunId(String value) {

    /** In a tasklist's string arguments, replaced by the executing run's id (see {@link RunIdPlaceholder}). */
    public static final String PLACEHOLDER = "{run_id}";

    private static final Pattern FORM = Pattern.compile("[0-9A-Za-z][0-9A-Za-z._-]*");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    public RunId {
        Objects.requireNonNull(value, "value");
        // It goes into paths and shell lines: only characters that need no quoting and cannot climb directories.
        if (!FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("a run id is letters, digits, '.', '_' and '-', got '" + value + "'");
        }
    }

    public static RunId create() {
        return create(Instant.now());
    }

    public static RunId create(Instant now) {
        byte[] b = new byte[2];
        RANDOM.nextBytes(b);
        return new RunId(STAMP.format(now.truncatedTo(ChronoUnit.SECONDS)) + "-" + HexFormat.of().formatHex(b));
    }

    @Override
    public String toString() {
        return value;
    }
}
