package deployer.core.spi;

/** A host could not do what was asked for a classified reason (unreachable, authentication, timeout, …). */
public class HostException extends Exception {

    private final FailureReason reason;
    private final String host;

    public HostException(FailureReason reason, String host, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.host = host;
    }

    public HostException(FailureReason reason, String host, String message) {
        this(reason, host, message, null);
    }

    public FailureReason reason() {
        return reason;
    }

    public String host() {
        return host;
    }
}
