package deployer.generators.tarball;

import deployer.core.model.InvalidInputException;
import deployer.core.model.Task;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code upload_template} task that renders one of a service's {@code templates} on one host: into a release
 * being unpacked (a deploy) or into the current release (a config-only rollout). Either way the dry run with diff
 * compares with the file of the release that is current on the host ({@code install_location/<service>/<dest>}), and
 * the task leaves a {@link TemplateRecord} beside the file, by which a later deploy tells whether it drifted.
 */
final class TemplateTasks {

    private TemplateTasks() {
    }

    /** What the template is rendered with: {@code template_values}, then the built-ins of this host and release. */
    static Map<String, Object> values(ServiceSpec s, TargetHost host, HostPaths paths, Package pkg) {
        Map<String, Object> values = new LinkedHashMap<>(s.templateValues());
        values.put("servicename", s.name());
        values.put("hostname", host.hostname());
        values.put("shorthostname", host.shortHostname());
        values.put("version", pkg.version());
        values.put("install_location", paths.installLocation());
        values.put("release_dir", paths.release(pkg));
        if (paths.port() != null) {
            values.put("port", paths.port());
        }
        return values;
    }

    /** @param releaseDir where the release's files are while this task runs (unpacked, or the current release) */
    static Task render(ServiceSpec s, TargetHost host, HostPaths paths, Package pkg, ConfigTemplate ct, String releaseDir,
                       PlatformSettings settings) throws InvalidInputException {
        Map<String, Object> values = values(s, host, paths, pkg);
        Task.Builder b = Tasks.on("upload_template", s, host, settings)
                .arg("template", ct.src())
                .arg("destination", releaseDir + "/" + ct.dest())
                .arg("diff_against", paths.link(s.name()) + "/" + ct.dest())
                .arg("values", values)
                .arg("mode", ct.mode())
                .arg("record", TemplateRecord.path(releaseDir, ct))
                .arg("fingerprint", TemplateRecord.fingerprint(ct, values));
        if (ct.owner() != null) {
            b.arg("owner", ct.owner());
        }
        return b.build();
    }
}
