package deployer.generators.tarball;

import deployer.core.model.HostAddress;
import deployer.core.spi.HostException;
import deployer.core.spi.HostFailures;
import deployer.core.spi.Hosts;
import deployer.core.spi.RemoteHost;
import deployer.core.spi.RemoteVersions;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What is installed on the hosts, read before planning over the run's own connections: the current version of each
 * service (the SPI's {@link RemoteVersions}: the {@code install_location/<service>} link), the release directories
 * {@code <service>_*} there, newest first, and the service's release history file (for rollback targets, cleanup and
 * the downgrade check), and what a deploy asks of hosts at its version ({@link AtVersionProbe}). All of it in one
 * command per host and install location ({@link LocationRead}); hosts are read in parallel. A host that cannot be read is an error ({@link HostException}; several, a
 * {@link HostFailures} naming every one), never "nothing installed" nor
 * "no history": the original tool redeployed everything onto hosts it could not reach.
 */
public final class InstalledReleases {

    /** One service on one host. */
    public record Probe(ServiceSpec service, TargetHost host, HostPaths paths, String user) {
    }

    /**
     * @param current  the version the service link points at, null when there is no link
     * @param releases the versions installed as {@code <service>_<version>} directories, newest first
     * @param history  the contents of the service's history file; null when there is no such file
     */
    public record Installed(String current, List<String> releases, String history, AtVersionProbe.Answer atVersion) {
        public Installed {
            releases = List.copyOf(releases);
        }

        /** The history file read as a {@link ReleaseHistory} of the probe's service; empty when there is none. */
        public Optional<ReleaseHistory> releaseHistory(Probe p) {
            String service = p.service().name();
            return Optional.ofNullable(history).map(text -> ReleaseHistory.parse(service, p.paths().history(service), text));
        }
    }

    private static final int MAX_PARALLEL_HOSTS = 16;

    private final Hosts pool;
    private final Collection<String> allServices;

    /** @param allServices every configured service, to tell {@code web_1} from {@code web_api_1} apart */
    public InstalledReleases(Hosts pool, Collection<String> allServices) {
        this.pool = pool;
        this.allServices = List.copyOf(allServices);
    }

    /**
     * Reads every probe. A host that cannot be read fails the whole read, once every host has answered: one failing
     * host is its {@link HostException}, several are one {@link HostFailures} naming each.
     */
    public Map<Probe, Installed> read(List<Probe> probes) throws HostException, InterruptedException {
        return read(probes, Map.of());
    }

    /**
     * Reads every probe and, in the same command per host, what {@code atVersion} asks of it ({@link Installed#atVersion()},
     * null for a probe without one).
     */
    public Map<Probe, Installed> read(List<Probe> probes, Map<Probe, AtVersionProbe> atVersion)
            throws HostException, InterruptedException {
        Map<String, List<Probe>> byConnection = new LinkedHashMap<>();
        for (Probe p : probes) {
            byConnection.computeIfAbsent(p.host().remoteHost() + "\u0000" + p.user(), k -> new ArrayList<>()).add(p);
        }
        Map<Probe, Installed> out = new LinkedHashMap<>();
        if (byConnection.isEmpty()) {
            return out;
        }
        ExecutorService threads = Executors.newFixedThreadPool(Math.min(MAX_PARALLEL_HOSTS, byConnection.size()), r -> {
            Thread t = new Thread(r, "installed-releases");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Map<Probe, Installed>>> futures = new ArrayList<>();
            for (List<Probe> group : byConnection.values()) {
                futures.add(threads.submit(() -> readHost(group, atVersion)));
            }
            // Every host is waited for: a dead host does not hide the next one (each is named, in the probes' order).
            List<HostException> failed = new ArrayList<>();
            for (Future<Map<Probe, Installed>> f : futures) {
                try {
                    out.putAll(f.get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof HostException he) {
                        failed.add(he);
                        continue;
                    }
                    if (e.getCause() instanceof InterruptedException ie) {
                        throw ie;
                    }
                    throw new IllegalStateException("reading the installed releases failed", e.getCause());
                }
            }
            if (failed.size() == 1) {
                throw failed.get(0);
            }
            if (!failed.isEmpty()) {
                throw new HostFailures(failed.size() + " of " + futures.size() + " hosts could not be read for planning", failed);
            }
        } finally {
            threads.shutdownNow();
        }
        return out;
    }

    private Map<Probe, Installed> readHost(List<Probe> probes, Map<Probe, AtVersionProbe> atVersion)
            throws HostException, InterruptedException {
        TargetHost target = probes.get(0).host();
        RemoteHost host = pool.host(HostAddress.parse(target.remoteHost()), target.local() ? null : probes.get(0).user());
        Map<String, List<Probe>> byLocation = new LinkedHashMap<>();
        probes.forEach(p -> byLocation.computeIfAbsent(p.paths().installLocation(), k -> new ArrayList<>()).add(p));
        Map<Probe, Installed> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<Probe>> e : byLocation.entrySet()) {
            out.putAll(new LocationRead(host, e.getKey(), e.getValue(), atVersion, allServices).read());
        }
        return out;
    }
}
