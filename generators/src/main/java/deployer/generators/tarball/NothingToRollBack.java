package deployer.generators.tarball;

import deployer.core.model.SkippedHost;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hosts a {@code --rollback} (without {@code --to}) leaves alone because there is nothing to roll back on them:
 * after a deploy failed part way, the hosts it never reached. They are the hosts with nothing installed at all, while
 * others have a release, and the hosts whose current release is older ({@link ReleaseOrder}) than another selected
 * host's: the rollback undoes the newest release, and they never got it (or were already rolled back from it). A host
 * at the newest release that cannot go back is still refused, so a rollback never leaves a fleet half done unsaid.
 *
 * @param hosts host name → the host as the plan names it, and why it is left alone
 */
record NothingToRollBack(Map<String, Left> hosts) {

    /** A host left alone: {@code remoteHost} as the plan names it, {@code reason} a phrase ("no release of web installed"). */
    record Left(String remoteHost, String reason) {

        SkippedHost skipped(String service) {
            return new SkippedHost(remoteHost, service, "nothing to roll back (" + reason + ")");
        }

        @Override
        public String toString() {
            return remoteHost + " (" + reason + ")";
        }
    }

    static final NothingToRollBack NONE = new NothingToRollBack(Map.of());

    NothingToRollBack {
        hosts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(hosts));
    }

    static NothingToRollBack among(String service, List<InstalledReleases.Probe> probes,
                                   Map<InstalledReleases.Probe, InstalledReleases.Installed> installed) {
        ReleaseOrder order = new ReleaseOrder();
        for (InstalledReleases.Probe p : probes) {
            InstalledReleases.Installed i = installed.get(p);
            order.add(i.releaseHistory(p), i.releases());
        }
        List<String> currents = probes.stream().map(p -> installed.get(p).current()).filter(c -> c != null).distinct().toList();
        if (currents.isEmpty()) {
            return NONE;
        }
        Map<String, Left> left = new LinkedHashMap<>();
        for (InstalledReleases.Probe p : probes) {
            InstalledReleases.Installed i = installed.get(p);
            String host = p.host().remoteHost();
            if (i.current() == null) {
                if (i.releases().isEmpty()) {
                    left.put(p.host().name(), new Left(host, "no release of " + service + " installed"));
                }
                continue;
            }
            currents.stream().filter(c -> order.older(i.current(), c)).findFirst().ifPresent(newer -> left.put(p.host().name(),
                    new Left(host, "at " + service + "_" + i.current() + ", older than " + service + "_" + newer + " that the others roll back from")));
        }
        return new NothingToRollBack(left);
    }
}
