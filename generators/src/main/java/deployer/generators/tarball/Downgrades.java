package deployer.generators.tarball;

import deployer.core.model.InvalidInputException;
import deployer.core.model.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deploy that would move a host to an older release than it runs ({@link ReleaseOrder}: by the hosts' release
 * histories, else by directory time) is refused before anything runs, every such host named, unless
 * {@code allow_downgrade} ({@code --allow-downgrade}) is given; then each is a warning. Going back on purpose is what
 * {@code --rollback} is for. The original tool deployed whatever package it was handed, so a stale {@code tarballs}
 * directory silently took a fleet back.
 */
final class Downgrades {

    private static final Logger LOG = LoggerFactory.getLogger(Downgrades.class);

    private final Map<String, ReleaseOrder> orderByService = new LinkedHashMap<>();
    private final boolean allowed;
    private final List<Problem> problems = new ArrayList<>();

    /** @param installed what every probe of the deploy read (with releases and history) */
    Downgrades(Map<InstalledReleases.Probe, InstalledReleases.Installed> installed, boolean allowed) {
        this.allowed = allowed;
        installed.forEach((p, i) -> {
            orderByService.computeIfAbsent(p.service().name(), s -> new ReleaseOrder()).add(i.releaseHistory(p), i.releases());
        });
    }

    /** Checks one host about to go from {@code current} (null: nothing installed) to {@code version}. */
    void check(InstalledReleases.Probe probe, String current, String version) {
        String service = probe.service().name();
        ReleaseOrder order = orderByService.get(service);
        if (current == null || order == null || !order.older(version, current)) {
            return;
        }
        String what = service + "_" + version + " is older than " + service + "_" + current + ", which the host runs ("
                + order.how(version, current) + ")";
        if (allowed) {
            LOG.warn("{} on {}: downgrading: {} (--allow-downgrade)", service, probe.host(), what);
        } else {
            problems.add(new Problem(probe.host().remoteHost(), "deploying " + service + " " + version + " would downgrade it: " + what
                    + "; give --allow-downgrade (allow_downgrade: true) to deploy it anyway, or go back with --rollback " + service
                    + " [--to " + version + "]"));
        }
    }

    /** Refuses the deploy when a host would be downgraded without permission. */
    void refuseIfAny() throws InvalidInputException {
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }
}
