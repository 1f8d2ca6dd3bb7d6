package deployer.generators.tarball;

import deployer.core.model.InvalidInputException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether a host whose service link already points at the release a deploy brings is really done: its service must
 * answer the checks the config declares ({@code check_command}, then {@code health_check}: a command on the host or a
 * URL asked from this machine) and its config templates must be what the plan would render now. Otherwise it gets a
 * {@link Action#RESTART} (down or unhealthy: started again in the release it has, as Ansible's {@code state: started}
 * starts a service whose files are already right, rather than shipping the same package again) or a
 * {@link Action#RECONFIGURE} (its templates rendered into that release, then the restart), in the deploy's rolling
 * batches, with its health checks. A service without checks is trusted to run: nothing says otherwise.
 */
final class AtVersion {

    /** The failure of a health check URL asked from this machine, null when it answers 2xx. */
    @FunctionalInterface
    interface UrlCheck {
        String failure(String url) throws InterruptedException;

        UrlCheck HTTP = TarballStatus::httpFailure;
    }

    enum Action { NONE, RESTART, RECONFIGURE }

    /**
     * @param why     in words: what the checks found ("check_command exited 1"), or why nothing is needed
     * @param drifted the templates to render again (RECONFIGURE)
     */
    record Verdict(Action action, String why, List<ConfigTemplate> drifted) {
        Verdict {
            drifted = List.copyOf(drifted);
        }
    }

    private final UrlCheck urls;

    AtVersion(UrlCheck urls) {
        this.urls = urls;
    }

    /** What to read on the host, should its link name {@code pkg}'s release. */
    static AtVersionProbe probe(InstalledReleases.Probe p, Package pkg) throws InvalidInputException {
        ServiceSpec s = p.service();
        List<AtVersionProbe.Check> checks = new ArrayList<>();
        if (s.runsOn(p.host())) {
            Map<String, String> values = TarballStatus.values(p, pkg.version());
            if (s.templates().check() != null) {
                checks.add(new AtVersionProbe.Check("check_command", TarballStatus.fill(s.templates().check(), values, true)));
            }
            if (s.templates().healthCheckCommand() != null) {
                checks.add(new AtVersionProbe.Check("health_check", TarballStatus.fill(s.templates().healthCheckCommand(), values, true)));
            }
        }
        List<AtVersionProbe.TemplateFile> files = new ArrayList<>();
        String release = p.paths().release(pkg);
        for (ConfigTemplate ct : s.configTemplates()) {
            files.add(new AtVersionProbe.TemplateFile(ct, p.paths().link(s.name()) + "/" + ct.dest(), TemplateRecord.path(release, ct),
                    TemplateRecord.fingerprint(ct, TemplateTasks.values(s, p.host(), p.paths(), pkg))));
        }
        return new AtVersionProbe(pkg.releaseName(), p.paths().link(s.name()), checks, files);
    }

    Verdict judge(InstalledReleases.Probe p, Package pkg, AtVersionProbe.Answer answer) throws InterruptedException {
        ServiceSpec s = p.service();
        if (answer == null || !answer.atVersion()) {
            // The link names the version in a form the check did not recognise (a relative link elsewhere): as before.
            return new Verdict(Action.NONE, "its link names the release in a form the checks do not follow, so not checked", List.of());
        }
        List<String> why = new ArrayList<>();
        List<ConfigTemplate> drifted = new ArrayList<>();
        List<String> files = new ArrayList<>();
        for (AtVersionProbe.FileAnswer f : answer.files()) {
            String d = TemplateRecord.drift(f);
            if (d != null) {
                drifted.add(f.probe().template());
                files.add(f.probe().template().dest() + ": " + d);
            }
        }
        String down = null;
        for (AtVersionProbe.CheckAnswer c : answer.checks()) {
            if (!c.passed()) {
                down = c.check().key() + (c.exitStatus() == 124 ? " timed out after " + AtVersionProbe.CHECK_SECONDS + " s" : " exited " + c.exitStatus())
                        + (c.lastLine().isBlank() ? "" : ": " + c.lastLine());
                break;
            }
        }
        boolean runs = s.runsOn(p.host());
        String url = s.templates().healthCheckUrl();
        if (down == null && drifted.isEmpty() && runs && url != null) {
            String filled = TarballStatus.fill(url, TarballStatus.values(p, pkg.version()), false);
            String failure = urls.failure(filled);
            if (failure != null) {
                down = "health_check " + filled + ": " + failure;
            }
        }
        if (down != null) {
            why.add(down);
        }
        if (!drifted.isEmpty()) {
            why.add("its config templates changed (" + String.join("; ", files) + ")");
        }
        if (!why.isEmpty()) {
            return new Verdict(drifted.isEmpty() ? Action.RESTART : Action.RECONFIGURE, String.join(" and ", why), drifted);
        }
        List<String> fine = new ArrayList<>();
        if (!runs) {
            fine.add("files only");
        } else if (s.templates().check() == null && !s.templates().hasHealthCheck()) {
            fine.add("no check configured");
        } else {
            fine.add("its checks pass");
        }
        if (!s.configTemplates().isEmpty()) {
            fine.add("config templates unchanged");
        }
        return new Verdict(Action.NONE, String.join(", ", fine), List.of());
    }
}
