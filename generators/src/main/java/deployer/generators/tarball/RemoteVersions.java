package deployer.generators.tarball;

import deployer.core.host.HostPool;
import deployer.core.model.HostAddress;
import deployer.core.spi.ExecOptions;
import deployer.core.spi.ExecResult;
import deployer.core.spi.FailureReason;
import deployer.core.spi.HostException;
import deployer.core.spi.RemoteHost;
import deployer.core.spi.Shell;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What is installed on the hosts, read before planning over the run's own connections: the release the
 * {@code install_location/<service>} link points at, and the release directories {@code <service>_*} there, newest
 * first. One shell line per host and user. A host that cannot be read is an error ({@link HostException}),
 * never "nothing installed": the original tool redeployed everything onto hosts it could not reach.
 */
public final class RemoteVersions {

    /** One service on one host. */
    public record Probe(ServiceSpec service, TargetHost host, HostPaths paths, String user) {
    }

    /**
     * @param linkTarget where {@code install_location/<service>} points, null when there is no such link
     * @param current    the version of that release, null when none (or the link points elsewhere)
     * @param releases   the versions installed as {@code <service>_<version>} directories, newest first
     */
    public record Installed(String linkTarget, String current, List<String> releases) {
        public Installed {
            releases = List.copyOf(releases);
        }

        /** The newest installed release that is not the current one, or null. */
        public String previous() {
            return releases.stream().filter(v -> !v.equals(current)).findFirst().orElse(null);
        }
    }

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_PARALLEL_HOSTS = 16;

    private final HostPool pool;
    private final Collection<String> allServices;

    /** @param allServices every configured service, to tell {@code web_1} from {@code web_api_1} apart */
    public RemoteVersions(HostPool pool, Collection<String> allServices) {
        this.pool = pool;
        this.allServices = List.copyOf(allServices);
    }

    /** Reads every probe, hosts in parallel; the first host that fails fails the whole read. */
    public Map<Probe, Installed> read(List<Probe> probes) throws HostException, InterruptedException {
        Map<String, List<Probe>> byConnection = new LinkedHashMap<>();
        for (Probe p : probes) {
            byConnection.computeIfAbsent(p.host().remoteHost() + "\u0000" + p.user(), k -> new ArrayList<>()).add(p);
        }
        Map<Probe, Installed> out = new LinkedHashMap<>();
        if (byConnection.isEmpty()) {
            return out;
        }
        ExecutorService threads = Executors.newFixedThreadPool(Math.min(MAX_PARALLEL_HOSTS, byConnection.size()), r -> {
            Thread t = new Thread(r, "remote-versions");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Map<Probe, Installed>>> futures = new ArrayList<>();
            for (List<Probe> group : byConnection.values()) {
                futures.add(threads.submit(() -> readHost(group)));
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
                    throw new IllegalStateException("reading remote versions failed", e.getCause());
                }
            }
        } finally {
            threads.shutdownNow();
        }
        return out;
    }

    private Map<Probe, Installed> readHost(List<Probe> probes) throws HostException, InterruptedException {
        TargetHost target = probes.get(0).host();
        RemoteHost host = pool.host(HostAddress.parse(target.remoteHost()), target.local() ? null : probes.get(0).user());
        ExecResult r = host.execute(script(probes), ExecOptions.DEFAULT.withTimeout(READ_TIMEOUT));
        if (!r.succeeded() || !r.stdout().contains("\nEND\n") && !r.stdout().startsWith("END\n")) {
            throw new HostException(FailureReason.COMMAND_ERROR, target.remoteHost(), "cannot read the installed versions (exit "
                    + r.exitStatus() + "): " + String.join(" / ", r.stderrTail()));
        }
        return parse(probes, r.stdout());
    }

    /** For probe i: {@code C i <link target>} then {@code R i <release dir>} per release, newest first; END last. */
    static String script(List<Probe> probes) {
        StringBuilder sh = new StringBuilder();
        for (int i = 0; i < probes.size(); i++) {
            Probe p = probes.get(i);
            String link = p.paths().link(p.service().name());
            String releasePrefix = p.paths().installLocation() + "/" + p.service().name() + "_";
            sh.append("printf 'C ").append(i).append(" %s\\n' \"$(readlink -- ").append(Shell.quote(link)).append(" 2>/dev/null)\"\n");
            sh.append("ls -1dt -- ").append(Shell.quote(releasePrefix)).append("*/ 2>/dev/null | while IFS= read -r d; do printf 'R ")
                    .append(i).append(" %s\\n' \"$d\"; done\n");
        }
        sh.append("echo END\n");
        return sh.toString();
    }

    Map<Probe, Installed> parse(List<Probe> probes, String stdout) {
        List<String> targets = new ArrayList<>();
        List<List<String>> releases = new ArrayList<>();
        for (int i = 0; i < probes.size(); i++) {
            targets.add(null);
            releases.add(new ArrayList<>());
        }
        for (String line : stdout.split("\n")) {
            String[] parts = line.split(" ", 3);
            if (parts.length < 2 || !(parts[0].equals("C") || parts[0].equals("R")) || !parts[1].matches("\\d+")) {
                continue;
            }
            int i = Integer.parseInt(parts[1]);
            if (i >= probes.size()) {
                continue;
            }
            String value = parts.length == 3 ? parts[2] : "";
            String service = probes.get(i).service().name();
            if (parts[0].equals("C")) {
                targets.set(i, value.isEmpty() ? null : value);
            } else {
                String v = versionOf(service, value);
                if (v != null) {
                    releases.get(i).add(v);
                }
            }
        }
        Map<Probe, Installed> out = new LinkedHashMap<>();
        for (int i = 0; i < probes.size(); i++) {
            String target = targets.get(i);
            out.put(probes.get(i), new Installed(target, target == null ? null : versionOf(probes.get(i).service().name(), target), releases.get(i)));
        }
        return out;
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
