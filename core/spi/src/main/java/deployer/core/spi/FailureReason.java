package deployer.core.spi;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Why a task failed, so a reader at 3 a.m. knows at once whether to look at the network, keys or the service.
 *
 * <p>The engine's own reasons are the constants below. A command that fails in a way none of them names declares
 * its own with {@link #of(String, String)} (a constant of the command's class, e.g. the lock commands' LOCKED):
 * reports, the journal and the recap show it by its {@link #name()}, as they show the built-in ones. Two reasons
 * are equal when their names are.
 */
public final class FailureReason {

    private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]*");

    /** The tasklist or a command's arguments are wrong; nothing ran. */
    public static final FailureReason VALIDATION = new FailureReason("VALIDATION",
            "The tasklist or a command's arguments are wrong; nothing ran.");
    /** The host could not be reached: connection refused, no route, unknown name, connection lost. */
    public static final FailureReason UNREACHABLE = new FailureReason("UNREACHABLE",
            "The host could not be reached: connection refused, no route, unknown name, connection lost.");
    /** The host answered but refused our credentials. */
    public static final FailureReason AUTHENTICATION = new FailureReason("AUTHENTICATION",
            "The host answered but refused our credentials.");
    /** The host presented a key that differs from the known one (OpenSSH: "REMOTE HOST IDENTIFICATION HAS CHANGED"). */
    public static final FailureReason HOST_KEY_MISMATCH = new FailureReason("HOST_KEY_MISMATCH",
            "The host presented a key that differs from the known one.");
    /**
     * The host presented a key that known_hosts does not have (or that could not be checked or recorded) under strict
     * checking: not a sign of an attack, as a changed key is, but unverified (OpenSSH: "No ... host key is known").
     */
    public static final FailureReason HOST_KEY_UNKNOWN = new FailureReason("HOST_KEY_UNKNOWN",
            "The host presented a key that known_hosts does not have, under strict checking.");
    /** Connecting or the command took longer than allowed. */
    public static final FailureReason TIMEOUT = new FailureReason("TIMEOUT",
            "Connecting or the command took longer than allowed.");
    /** The remote command ran and exited non-zero (or gave no exit status). */
    public static final FailureReason NON_ZERO_EXIT = new FailureReason("NON_ZERO_EXIT",
            "The remote command ran and exited non-zero (or gave no exit status).");
    /** The command itself failed: a bug, a missing local file, an unexpected answer. */
    public static final FailureReason COMMAND_ERROR = new FailureReason("COMMAND_ERROR",
            "The command itself failed: a bug, a missing local file, an unexpected answer.");
    /** The run was aborted while the task ran. */
    public static final FailureReason INTERRUPTED = new FailureReason("INTERRUPTED",
            "The run was aborted while the task ran.");

    private static final List<FailureReason> BUILT_IN = List.of(VALIDATION, UNREACHABLE, AUTHENTICATION,
            HOST_KEY_MISMATCH, HOST_KEY_UNKNOWN, TIMEOUT, NON_ZERO_EXIT, COMMAND_ERROR, INTERRUPTED);

    private final String name;
    private final String description;

    private FailureReason(String name, String description) {
        this.name = name;
        this.description = description;
    }

    /**
     * A reason a command brings: {@code name} in UPPER_SNAKE_CASE (as reports show it), not one of the engine's own;
     * {@code description} says in one sentence what an operator should look at.
     */
    public static FailureReason of(String name, String description) {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a failure reason's name is UPPER_SNAKE_CASE, got '" + name + "'");
        }
        if (BUILT_IN.stream().anyMatch(r -> r.name.equals(name))) {
            throw new IllegalArgumentException("'" + name + "' is a built-in failure reason: use FailureReason." + name);
        }
        if (description == null || description.isBlank()) {
            throw new IllegalArgumentException("failure reason " + name + " needs a description");
        }
        return new FailureReason(name, description);
    }

    /** The engine's own reasons, in the order reports and the run-report schema list them. */
    public static List<FailureReason> values() {
        return BUILT_IN;
    }

    /** The name reports, the journal and the recap show. */
    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FailureReason other && other.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
