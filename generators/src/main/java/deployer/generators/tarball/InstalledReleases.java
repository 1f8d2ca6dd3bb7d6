package deployer.generators.tarball;

import deployer.core.model.HostAddress;
import deployer.core.spi.ExecOptions;
import deployer.core.spi.ExecResult;
import deployer.core.spi.FailureReason;
import deployer.core.spi.HostException;
import deployer.core.spi.Hosts;
import deployer.core.spi.RemoteHost;
import deployer.core.spi.RemoteVersions;
import deployer.core.spi.Shell;

import java.time.Duration;
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
 * service (the SPI's {@link RemoteVersions}: the {@code install_location/<service>} link) and, for a rollback, the
 * release directories {@code <service>_*} there, newest first, and the service's release history file. Hosts are
 * read in parallel. A host that cannot be read is an error ({@link HostException}), never "nothing installed" nor
 * "no history": the original tool redeployed everything onto hosts it could not reach.
 */
public final class InstalledReleases {

    /** One service on one host. */
    public record Probe(ServiceSpec service, TargetHost host, HostPaths paths, String user) {
    }

    /**
     * @param current  the version the service link points at, null when there is no link
     * @param releases the versions installed as {@code <service>_<version>} directories, newest first (only read for
     *                 rollbacks; empty otherwise)
     * @param history  the contents of the service's history file; null when there is no such file (or not read:
     *                 only rollbacks read it)
     */
    public record Installed(String current, List<String> releases, String history, AtVersionProbe.Answer atVersion) {
        public Installed {
            releases = List.copyOf(releases);
        }

        public Installed(String current, List<String> releases, String history) {
            this(current, releases, history, null);
        }

        /** The history file read as a {@link ReleaseHistory} of the probe's service; empty when there is none. */
        public Optional<ReleaseHistory> releaseHistory(Probe p) {
            String service = p.service().name();
            return Optional.ofNullable(history).map(text -> ReleaseHistory.parse(service, p.paths().history(service), text));
        }
    }

    /** The release directories and the history file of one service on one host. */
    private record Releases(List<String> versions, String history) {
        static final Releases NOT_READ = new Releases(List.of(), null);
    }

    private static final String END = "--deployer-end-of-releases--";
    private static final String NO_HISTORY = "--deployer-no-history--";
    private static final String CHECKS = "--deployer-at-version-checks--";

    private static final Duration LIST_TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_PARALLEL_HOSTS = 16;

    private final Hosts pool;
    private final Collection<String> allServices;

    /** @param allServices every configured service, to tell {@code web_1} from {@code web_api_1} apart */
    public InstalledReleases(Hosts pool, Collection<String> allServices) {
        this.pool = pool;
        this.allServices = List.copyOf(allServices);
    }

    /** Reads every probe; the first host that fails fails the whole read. */
    public Map<Probe, Installed> read(List<Probe> probes, boolean withReleases) throws HostException, InterruptedException {
        return read(probes, withReleases, Map.of());
    }

    /**
     * Reads every probe and, in the same command per host, what {@code atVersion} asks of it ({@link Installed#atVersion()},
     * null for a probe without one).
     */
    public Map<Probe, Installed> read(List<Probe> probes, boolean withReleases, Map<Probe, AtVersionProbe> atVersion)
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
                futures.add(threads.submit(() -> readHost(group, withReleases, atVersion)));
            }
            for (Future<Map<Probe, Installed>> f : futures) {
                try {
                    out.putAll(f.get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof HostException he) {
                        throw he;
                    }
                    if (e.getCause() instanceof InterruptedException ie) {
                        throw ie;
                    }
                    throw new IllegalStateException("reading the installed releases failed", e.getCause());
                }
            }
        } finally {
            threads.shutdownNow();
        }
        return out;
    }

    private Map<Probe, Installed> readHost(List<Probe> probes, boolean withReleases, Map<Probe, AtVersionProbe> atVersion)
            throws HostException, InterruptedException {
        TargetHost target = probes.get(0).host();
        RemoteHost host = pool.host(HostAddress.parse(target.remoteHost()), target.local() ? null : probes.get(0).user());
        Map<String, List<Probe>> byLocation = new LinkedHashMap<>();
        probes.forEach(p -> byLocation.computeIfAbsent(p.paths().installLocation(), k -> new ArrayList<>()).add(p));
        Map<Probe, Installed> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<Probe>> e : byLocation.entrySet()) {
            List<String> services = e.getValue().stream().map(p -> p.service().name()).toList();
            List<Probe> checked = e.getValue().stream().filter(p -> atVersion.containsKey(p) && atVersion.get(p).reads()).toList();
            Map<String, Optional<String>> current;
            Map<Probe, AtVersionProbe.Answer> answers = new LinkedHashMap<>();
            if (checked.isEmpty()) {
                current = RemoteVersions.read(host, e.getKey(), services);
            } else {
                current = readWithChecks(host, e.getKey(), services, checked, atVersion, answers);
            }
            for (Probe p : e.getValue()) {
                Releases releases = withReleases ? releases(host, p) : Releases.NOT_READ;
                AtVersionProbe.Answer answer = !atVersion.containsKey(p) ? null
                        : atVersion.get(p).reads() ? answers.get(p) : AtVersionProbe.Answer.NOTHING_TO_READ;
                out.put(p, new Installed(current.get(p.service().name()).orElse(null), releases.versions(), releases.history(), answer));
            }
        }
        return out;
    }

    /**
     * The links and the at-version checks of one install location in one command: the links' lines, then per probe a
     * marker and its lines. A check that fails is an answer; a command that cannot run is a {@link HostException}.
     */
    private static Map<String, Optional<String>> readWithChecks(RemoteHost host, String installLocation, List<String> services,
                                                                List<Probe> checked, Map<Probe, AtVersionProbe> atVersion,
                                                                Map<Probe, AtVersionProbe.Answer> answers) throws HostException, InterruptedException {
        StringBuilder sh = new StringBuilder(RemoteVersions.script(installLocation, services)).append(AtVersionProbe.prelude());
        for (Probe p : checked) {
            sh.append("echo ").append(CHECKS).append('\n').append(atVersion.get(p).script());
        }
        Duration limit = LIST_TIMEOUT.plusSeconds(AtVersionProbe.CHECK_SECONDS * checked.stream().mapToLong(p -> atVersion.get(p).checks().size()).sum());
        ExecResult r = host.execute(sh.toString(), ExecOptions.DEFAULT.withTimeout(limit));
        List<String> lines = r.stdout().lines().toList();
        List<List<String>> parts = new ArrayList<>(List.of(new ArrayList<>()));
        for (String line : lines) {
            if (line.equals(CHECKS)) {
                parts.add(new ArrayList<>());
            } else {
                parts.get(parts.size() - 1).add(line);
            }
        }
        if (!r.succeeded() || parts.size() != checked.size() + 1) {
            throw new HostException(FailureReason.COMMAND_ERROR, host.name(), "reading the release symlinks and checking the services in "
                    + installLocation + " failed" + (r.stderrTail().isEmpty() ? "" : ": " + String.join(" / ", r.stderrTail())));
        }
        Map<String, Optional<String>> current = RemoteVersions.parse(host.name(), installLocation, services, parts.get(0));
        for (int i = 0; i < checked.size(); i++) {
            AtVersionProbe.Answer a = atVersion.get(checked.get(i)).parse(parts.get(i + 1));
            if (a == null) {
                throw new HostException(FailureReason.COMMAND_ERROR, host.name(), "checking " + checked.get(i).service().name()
                        + " in " + installLocation + ": unexpected answer " + parts.get(i + 1));
            }
            answers.put(checked.get(i), a);
        }
        return current;
    }

    /**
     * The release directories of the service, newest first (by modification time, as cleanup ranks them), and its
     * history file. One command; a history file that exists but cannot be read fails it (never "no history").
     */
    private Releases releases(RemoteHost host, Probe p) throws HostException, InterruptedException {
        String prefix = p.paths().installLocation() + "/" + p.service().name() + "_";
        String history = p.paths().history(p.service().name());
        String sh = "ls -1dt -- " + Shell.quote(prefix) + "*/ 2>/dev/null; echo " + END + "\n"
                + "h=" + Shell.quote(history) + "\n"
                + "if [ -e \"$h\" ]; then cat -- \"$h\" || exit 1; else echo " + NO_HISTORY + "; fi\n";
        ExecResult r = host.execute(sh, ExecOptions.DEFAULT.withTimeout(LIST_TIMEOUT));
        int end = r.stdout().indexOf(END + "\n");
        if (!r.succeeded() || end < 0) {
            throw new HostException(FailureReason.COMMAND_ERROR, host.name(), "cannot list the releases " + prefix + "* or read " + history
                    + (r.stderrTail().isEmpty() ? "" : ": " + String.join(" / ", r.stderrTail())));
        }
        List<String> versions = new ArrayList<>();
        for (String line : r.stdout().substring(0, end).lines().toList()) {
            String v = versionOf(p.service().name(), line);
            if (v != null) {
                versions.add(v);
            }
        }
        String rest = r.stdout().substring(end + END.length() + 1);
        return new Releases(versions, rest.equals(NO_HISTORY + "\n") ? null : rest);
    }

    /** The version in a release path {@code …/<service>_<version>[/]}, or null when it is not this service's. */
    String versionOf(String service, String path) {
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        String name = p.substring(p.lastIndexOf('/') + 1);
        if (!name.startsWith(service + "_") || name.length() == service.length() + 1) {
            return null;
        }
        // web_api_1 is a release of service web_api, not version api_1 of service web.
        boolean longerService = allServices.stream().anyMatch(s -> s.length() > service.length() && s.startsWith(service + "_") && name.startsWith(s + "_"));
        return longerService ? null : name.substring(service.length() + 1);
    }
}
