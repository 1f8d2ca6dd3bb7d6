package deployer.core.spi;

/** Why a task failed, so a reader at 3 a.m. knows at once whether to look at the network, keys or the service. */
public enum FailureReason {
    /** The tasklist or a command's arguments are wrong; nothing ran. */
    VALIDATION,
    /** The host could not be reached: connection refused, no route, unknown name, connection lost. */
    UNREACHABLE,
    /** The host answered but refused our credentials. */
    AUTHENTICATION,
    /** The host presented a key that differs from the known one (OpenSSH: "REMOTE HOST IDENTIFICATION HAS CHANGED"). */
    HOST_KEY_MISMATCH,
    /**
     * The host presented a key that known_hosts does not have (or that could not be checked or recorded) under strict
     * checking: not a sign of an attack, as a changed key is, but unverified (OpenSSH: "No ... host key is known").
     */
    HOST_KEY_UNKNOWN,
    /** Connecting or the command took longer than allowed. */
    TIMEOUT,
    /** The remote command ran and exited non-zero (or gave no exit status). */
    NON_ZERO_EXIT,
    /** The command itself failed: a bug, a missing local file, an unexpected answer. */
    COMMAND_ERROR,
    /** Another run holds the host's deploy lock (and did not release it within the wait allowed). */
    LOCKED,
    /** The run was aborted while the task ran. */
    INTERRUPTED
}
