package deployer.generators.tarball;

import deployer.core.model.Chain;
import deployer.core.model.Task;

import java.util.ArrayList;
import java.util.List;

/**
 * The tasks that switch one host to another release, run in order as one chain: take the host out of the load
 * balancer, stop the service (polling until it is down), put the release in place, point the
 * {@code install_location/<service>} link at it, start (polling until up), health check, put the host back.
 * A failure stops the chain where it is, so a host never re-enters the load balancer unhealthy. Hosts not in
 * {@code enabled_on_hosts} only get the release and the link.
 */
public final class DeployChain {

    /** The argument holding a health-check, load balancer or migration shell template (commands/COMMANDS.md). */
    static final String TEMPLATE_ARG = "shell";
    static final long HEALTH_CHECK_RETRIES = 2;
    static final long HEALTH_CHECK_RETRY_DELAY = 5;

    private final ServiceSpec service;
    private final TargetHost host;
    private final HostPaths paths;
    private final PlatformSettings settings;

    public DeployChain(ServiceSpec service, TargetHost host, HostPaths paths, PlatformSettings settings) {
        this.service = service;
        this.host = host;
        this.paths = paths;
        this.settings = settings;
    }

    /** Deploys a package unpacked earlier in this run: the move into install_location is part of the switch. */
    public Chain deploy(Package pkg) {
        Task move = task("move_file")
                .arg("source", paths.unpacked(pkg))
                .arg("destination", paths.release(pkg))
                // The same version may be there already (--redeploy, or back to a release kept by cleanup); the
                // service is stopped by now, so replacing it is safe.
                .arg("clobber", true)
                .build();
        return around(pkg.version(), List.of(move, link(pkg.version(), "deploy")));
    }

    /**
     * Restarts a host in the release it already runs, after rendering config templates into it ({@code renders}, may
     * be none): the deploy's chain without the switch, so the host leaves the load balancer, stops, gets its files,
     * starts and is health checked before it returns. Hosts not in {@code enabled_on_hosts} only get the files.
     */
    public Chain refresh(String version, List<Task> renders) {
        return around(version, renders);
    }

    /** Switches back to a release that is still installed. */
    public Chain rollback(String version) {
        return around(version, List.of(link(version, "rollback")));
    }

    /**
     * Undoes this run's deploy of {@code installed} on a host that ran {@code previous} before it: the rollback's chain
     * behind a {@code rollback_check}, which looks at the host's link when it runs and skips the whole chain unless
     * it points at {@code installed} (a host the failed run never switched, or whose switch never happened, is left
     * as it is), or when the run's failure was an operator's stop or abort. The history line says
     * {@code rollback (automatic, run ID)}.
     */
    public Chain automaticRollback(String installed, String previous) {
        Task check = task("rollback_check")
                .arg("servicename", service.name())
                .arg("link", paths.link(service.name()))
                .arg("release", paths.release(service.name(), installed))
                .arg("previous", paths.release(service.name(), previous))
                .build();
        List<Task> links = new ArrayList<>();
        links.add(check);
        links.addAll(around(previous, List.of(link(previous, "rollback", "automatic"))).links());
        return new Chain(links);
    }

    /** The switch, recorded in the host's release history: a deploy pushes there, a rollback pops (ReleaseHistory). */
    private Task link(String version, String action) {
        return link(version, action, null);
    }

    private Task link(String version, String action, String note) {
        Task.Builder b = task("symlink")
                .arg("source", paths.release(service.name(), version))
                .arg("destination", paths.link(service.name()))
                .arg("history_file", paths.history(service.name()))
                .arg("history_action", action);
        if (note != null) {
            b.arg("history_note", note);
        }
        return b.build();
    }

    private Chain around(String version, List<Task> switchSteps) {
        if (!service.runsOn(host)) {
            return new Chain(switchSteps);
        }
        ServiceTemplates t = service.templates();
        boolean lb = t.hasLoadBalancer() && !settings.ignoreLb();
        List<Task> links = new ArrayList<>();
        if (lb) {
            links.add(loadBalancer("disable_load_balancer", t.lbDisable(), version));
        }
        if (t.stop() != null) {
            links.add(control("stop_service", t.stop(), version));
        }
        links.addAll(switchSteps);
        if (t.start() != null) {
            links.add(control("start_service", t.start(), version));
        }
        if (t.hasHealthCheck()) {
            Task.Builder b = serviceTask("health_check", version);
            if (t.healthCheckUrl() != null) {
                b.arg("url", t.healthCheckUrl());
            } else {
                b.arg(TEMPLATE_ARG, t.healthCheckCommand());
            }
            timeout(b, "check_timeout");
            // A check only reads, so it may run again: a service slow to warm up, or a blip between this machine and
            // the host, gets two more chances before the chain (and the host) counts as failed.
            b.retries(HEALTH_CHECK_RETRIES, HEALTH_CHECK_RETRY_DELAY);
            links.add(b.build());
        }
        if (lb) {
            links.add(loadBalancer("enable_load_balancer", t.lbEnable(), version));
        }
        return new Chain(links);
    }

    private Task control(String command, String template, String version) {
        Task.Builder b = serviceTask(command, version).arg("control_command", template);
        if (service.templates().check() != null) {
            b.arg("check_command", service.templates().check());
        }
        timeout(b, "control_timeout");
        return b.build();
    }

    private Task loadBalancer(String command, String template, String version) {
        Task.Builder b = serviceTask(command, version).arg(TEMPLATE_ARG, template);
        if (service.templates().lbCheck() != null) {
            b.arg("check_command", service.templates().lbCheck());
        }
        timeout(b, "lb_timeout");
        return b.build();
    }

    /**
     * Every template may use {servicename} {port} {hostname} {version} {install_location}; {version} is the release
     * this chain switches to (also for the stop, which acts on whatever runs now).
     */
    private Task.Builder serviceTask(String command, String version) {
        Task.Builder b = task(command)
                .arg("servicename", service.name())
                .arg("version", version)
                .arg("install_location", paths.installLocation());
        if (paths.port() != null) {
            b.arg("port", paths.port());
        }
        return b;
    }

    private void timeout(Task.Builder b, String key) {
        Long v = service.timeouts().get(key);
        if (v != null) {
            b.arg(key, v);
        }
    }

    private Task.Builder task(String command) {
        return Tasks.on(command, service, host, settings);
    }
}
