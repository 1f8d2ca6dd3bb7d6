package deployer.generators.tarball;

import deployer.core.config.Config;
import deployer.core.model.HostAddress;
import deployer.core.model.InvalidInputException;
import deployer.core.spi.ExecOptions;
import deployer.core.spi.ExecResult;
import deployer.core.spi.HostException;
import deployer.core.spi.Hosts;
import deployer.core.spi.RemoteHost;
import deployer.core.spi.Shell;
import deployer.core.spi.StatusReport;
import deployer.core.spi.StatusReport.State;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code deploy status} of the tarball platform: for each selected service and host, the release its link points at,
 * the other release directories kept, the release {@code --rollback} would pick (its history) or why there is none,
 * whether it is behind or ahead of the newest release (ordered as {@link ReleaseOrder} orders them), and whether the service
 * answers — its {@code check_command} (exit 0: running) and its {@code health_check} (a command run on the host, or a
 * URL asked from this machine for a 2xx answer), each run once, never the control commands. Hosts are read in
 * parallel; a host that cannot be read is a row UNREACHABLE, the others are still shown.
 *
 * <p>The newest release of a service is the package a deploy with the same arguments would release
 * ({@code --component}/{@code --directory}, else the config's {@code tarballs}); without packages, the release the
 * hosts' histories last switched to.
 */
final class TarballStatus {

    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(20);
    private static final int MAX_PARALLEL_HOSTS = 16;
    /** As the commands fill templates (commands' Template): {@code {name}}, not {@code ${VAR}}. */
    private static final Pattern PLACEHOLDER = Pattern.compile("(?<!\\$)\\{([a-z_]+)}");

    private final TarballConfig config;
    private final HostSelection selection;
    private final Hosts hosts;
    private final InstalledReleases installed;

    TarballStatus(TarballConfig config, HostSelection selection, Hosts hosts) {
        this.config = config;
        this.selection = selection;
        this.hosts = hosts;
        this.installed = new InstalledReleases(hosts, config.services().keySet());
    }

    StatusReport read(Config raw, List<Path> components) throws InvalidInputException, InterruptedException {
        // The newest release is the one a deploy would take: the packages given, else the services' release sources.
        ReleaseSources sources = new ReleaseSources(raw, ReleaseSources.ChecksumFiles.HTTP);
        List<Package> packages = components.isEmpty() && raw.string("tarballs").isEmpty()
                ? sources.read(config.services().keySet())
                : sources.packages(components, config.services().keySet());
        Map<String, Package> newestPackage = new LinkedHashMap<>();
        packages.forEach(p -> newestPackage.put(p.service(), p));
        List<ServiceSpec> services = config.services().values().stream()
                .filter(selection::includes)
                // Packages named on the command line narrow the status to their services, as they narrow a deploy.
                .filter(s -> components.isEmpty() || newestPackage.containsKey(s.name()))
                .toList();
        List<InstalledReleases.Probe> probes = new ArrayList<>();
        for (ServiceSpec s : services) {
            for (TargetHost h : selection.targets(s)) {
                probes.add(new InstalledReleases.Probe(s, h, HostPaths.of(config, s, h), Tasks.userFor(s, h, config.settings())));
            }
        }
        Map<InstalledReleases.Probe, Row> rows = readAll(probes);
        List<StatusReport.Service> out = new ArrayList<>();
        for (ServiceSpec s : services) {
            List<Row> mine = probes.stream().filter(p -> p.service() == s).map(rows::get).toList();
            Package pkg = newestPackage.get(s.name());
            String newest;
            String from;
            if (pkg != null) {
                newest = pkg.version();
                from = pkg.source() != null ? "release " + pkg.source().url() : "package " + pkg.fileName();
            } else {
                newest = mine.stream().map(Row::lastSwitch).filter(x -> x != null)
                        .max(Comparator.comparing(ReleaseHistory.Entry::at)).map(ReleaseHistory.Entry::to).orElse(null);
                from = newest == null ? "unknown (no package given and no release history)" : "release history (last switch)";
            }
            // Ahead or behind as the deploy's downgrade check orders releases: by the hosts' histories, not by name.
            ReleaseOrder order = new ReleaseOrder();
            mine.forEach(r -> order.add(r.history(), r.installed()));
            List<StatusReport.Host> hostRows = new ArrayList<>();
            for (Row r : mine) {
                StatusReport.Standing standing = newest == null || r.state() == State.UNREACHABLE || newest.equals(r.current())
                        ? StatusReport.Standing.AT_NEWEST
                        : r.current() != null && order.older(newest, r.current()) ? StatusReport.Standing.AHEAD : StatusReport.Standing.BEHIND;
                hostRows.add(new StatusReport.Host(r.host(), r.current(), r.previous(), r.rollbackTo(), r.rollbackNote(), r.state(), r.detail(), standing));
            }
            out.add(new StatusReport.Service(s.name(), newest, from, hostRows));
        }
        return new StatusReport(out);
    }

    /**
     * One service on one host, as read.
     *
     * @param rollbackNote why {@code rollbackTo} is null, empty when it is not
     * @param installed    the release directories, newest first
     */
    private record Row(String host, String current, List<String> previous, String rollbackTo, String rollbackNote, State state,
                       String detail, ReleaseHistory.Entry lastSwitch, Optional<ReleaseHistory> history, List<String> installed) {
        static Row unreachable(String host, String detail) {
            return new Row(host, null, List.of(), null, "", State.UNREACHABLE, detail, null, Optional.empty(), List.of());
        }
    }

    private Map<InstalledReleases.Probe, Row> readAll(List<InstalledReleases.Probe> probes) throws InterruptedException {
        Map<InstalledReleases.Probe, Row> out = new LinkedHashMap<>();
        if (probes.isEmpty()) {
            return out;
        }
        ExecutorService threads = Executors.newFixedThreadPool(Math.min(MAX_PARALLEL_HOSTS, probes.size()), r -> {
            Thread t = new Thread(r, "status");
            t.setDaemon(true);
            return t;
        });
        try {
            Map<InstalledReleases.Probe, Future<Row>> futures = new LinkedHashMap<>();
            for (InstalledReleases.Probe p : probes) {
                futures.put(p, threads.submit(() -> readOne(p)));
            }
            for (Map.Entry<InstalledReleases.Probe, Future<Row>> e : futures.entrySet()) {
                try {
                    out.put(e.getKey(), e.getValue().get());
                } catch (ExecutionException x) {
                    if (x.getCause() instanceof InterruptedException ie) {
                        throw ie;
                    }
                    throw new IllegalStateException("reading the status failed", x.getCause());
                }
            }
        } finally {
            threads.shutdownNow();
        }
        return out;
    }

    private Row readOne(InstalledReleases.Probe p) throws InterruptedException {
        String service = p.service().name();
        String name = p.host().remoteHost();
        InstalledReleases.Installed i;
        RemoteHost host;
        try {
            i = installed.read(List.of(p)).get(p);
            host = hosts.host(HostAddress.parse(name), p.user());
        } catch (HostException e) {
            return Row.unreachable(name, e.reason() + ": " + e.getMessage());
        } catch (IllegalStateException e) {
            return Row.unreachable(name, e.getMessage());
        }
        String file = p.paths().history(service);
        Optional<ReleaseHistory> history = i.releaseHistory(p);
        ReleaseHistory.Entry last = history.flatMap(h -> h.entries().isEmpty() ? Optional.empty()
                : Optional.of(h.entries().get(h.entries().size() - 1))).orElse(null);
        List<String> previous = i.releases().stream().filter(v -> !v.equals(i.current())).toList();
        if (i.current() == null) {
            return new Row(name, null, previous, null, "", State.NOT_INSTALLED, "", last, history, i.releases());
        }
        RollbackChoice choice = RollbackChoice.choose(service, i.current(), i.releases(), history, file, null);
        String rollbackTo = choice instanceof RollbackChoice.SwitchTo s ? s.version() : null;
        String rollbackNote = choice instanceof RollbackChoice.Refused r ? r.reason() : "";
        if (!p.service().runsOn(p.host())) {
            return new Row(name, i.current(), previous, rollbackTo, rollbackNote, State.FILES_ONLY, "not in enabled_on_hosts", last, history, i.releases());
        }
        try {
            Check check = check(host, p, i.current());
            return new Row(name, i.current(), previous, rollbackTo, rollbackNote, check.state(), check.detail(), last, history, i.releases());
        } catch (HostException e) {
            return new Row(name, i.current(), previous, rollbackTo, rollbackNote, State.UNREACHABLE, e.reason() + ": " + e.getMessage(), last,
                    history, i.releases());
        }
    }

    private record Check(State state, String detail) {
    }

    /** The check command, then (when it passes) the health check; each once. */
    private Check check(RemoteHost host, InstalledReleases.Probe p, String version) throws HostException, InterruptedException {
        ServiceTemplates t = p.service().templates();
        Map<String, String> values = values(p, version);
        if (t.check() == null && !t.hasHealthCheck()) {
            return new Check(State.NOT_CHECKED, "no check_command or health_check configured");
        }
        if (t.check() != null) {
            ExecResult r = host.execute(fill(t.check(), values, true), ExecOptions.DEFAULT.withTimeout(CHECK_TIMEOUT));
            if (!r.succeeded()) {
                return new Check(State.DOWN, "check_command " + exit(r));
            }
        }
        if (t.healthCheckCommand() != null) {
            ExecResult r = host.execute(fill(t.healthCheckCommand(), values, true), ExecOptions.DEFAULT.withTimeout(CHECK_TIMEOUT));
            if (!r.succeeded()) {
                return new Check(t.check() == null ? State.DOWN : State.UNHEALTHY, "health_check " + exit(r));
            }
        } else if (t.healthCheckUrl() != null) {
            String url = fill(t.healthCheckUrl(), values, false);
            String failure = httpFailure(url);
            if (failure != null) {
                return new Check(t.check() == null ? State.DOWN : State.UNHEALTHY, "health_check " + url + ": " + failure);
            }
        }
        return new Check(State.UP, "");
    }

    private static String exit(ExecResult r) {
        return (r.exitStatus() == null ? "gave no exit status" : "exited " + r.exitStatus())
                + (r.stderrTail().isEmpty() ? "" : ": " + r.stderrTail().get(r.stderrTail().size() - 1));
    }

    /** Null when the URL answers 2xx; else why not. */
    static String httpFailure(String url) throws InterruptedException {
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(CHECK_TIMEOUT).build();
            HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(CHECK_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() / 100 == 2 ? null : "HTTP " + r.statusCode();
        } catch (java.io.IOException | IllegalArgumentException e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
    }

    /** The values the commands fill into a service's templates (commands/COMMANDS.md), {version} being the current. */
    static Map<String, String> values(InstalledReleases.Probe p, String version) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("servicename", p.service().name());
        if (p.paths().port() != null) {
            v.put("port", Long.toString(p.paths().port()));
        }
        HostAddress a = HostAddress.parse(p.host().remoteHost());
        v.put("hostname", a.key().startsWith("local:") ? a.key().substring("local:".length()) : a.local() ? "localhost" : a.hostname());
        v.put("version", version);
        v.put("install_location", p.paths().installLocation());
        return v;
    }

    /** Fills a template as the commands do: in a shell line each value is one quoted word. */
    static String fill(String template, Map<String, String> values, boolean shell) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("no value for {" + m.group(1) + "} in " + template);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(shell ? Shell.quote(value) : value));
        }
        m.appendTail(out);
        return out.toString();
    }

}
