package deployer.core.spi;

import java.util.List;

/**
 * Several hosts could not do what was asked, each for its own reason: every one of them, in the order they were
 * asked, so that an operator with two dead hosts learns of both at once, not of the second after fixing the first.
 * As a {@link HostException} it carries the first failure's reason and host, so a caller that handles one host's
 * failure still can; {@link #failures()} has them all.
 */
public final class HostFailures extends HostException {

    private final List<HostException> failures;

    /**
     * @param summary  what could not be done, without the hosts ({@code "2 hosts could not be read for planning"})
     * @param failures at least one
     */
    public HostFailures(String summary, List<HostException> failures) {
        super(first(failures).reason(), first(failures).host(), summary, first(failures));
        this.failures = List.copyOf(failures);
        this.failures.stream().skip(1).forEach(this::addSuppressed);
    }

    private static HostException first(List<HostException> failures) {
        if (failures.isEmpty()) {
            throw new IllegalArgumentException("no host failed");
        }
        return failures.get(0);
    }

    /** Every host's failure, in the order the hosts were asked. */
    public List<HostException> failures() {
        return failures;
    }
}
