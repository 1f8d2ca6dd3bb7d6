package deployer.core.spi;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which release of each service a host runs, read from the symlinks {@code install_location/<service>} →
 * {@code …/<service>_<version>}. Shared by the {@code get_remote_versions} command and the generators (which may
 * depend on the SPI only). Built on {@link RemoteHost} alone, so it works on any host implementation.
 *
 * <p>A missing symlink means "nothing installed". Anything else that keeps us from reading a version (host
 * unreachable, command failed, a real directory where the link should be, a target without a version) is an
 * exception, never "no version": the original tool read an unreachable host as empty and redeployed it fully.
 */
public final class RemoteVersions {

    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    private RemoteVersions() {
    }

    /** For each service, in the given order: its version, or empty when no symlink exists. */
    public static Map<String, Optional<String>> read(RemoteHost host, String installLocation, List<String> services)
            throws HostException, InterruptedException {
        ExecResult r = host.execute(script(installLocation, services), ExecOptions.DEFAULT.withTimeout(TIMEOUT));
        if (!r.succeeded()) {
            throw new HostException(FailureReason.NON_ZERO_EXIT, host.name(), "reading the release symlinks in "
                    + installLocation + " failed" + (r.stderrTail().isEmpty() ? "" : ": " + String.join(" / ", r.stderrTail())));
        }
        return parse(host.name(), installLocation, services, r.stdout().lines().toList());
    }

    /**
     * The shell lines {@link #read} runs: one output line per service. A caller that reads more in the same round trip
     * (a generator checking the service too) runs them first and hands their lines to {@link #parse}.
     */
    public static String script(String installLocation, List<String> services) {
        StringBuilder sh = new StringBuilder();
        for (String service : services) {
            String p = Shell.quote(installLocation + "/" + service);
            sh.append("if [ -L ").append(p).append(" ]; then t=$(readlink ").append(p).append(") || exit 1; ")
              .append("printf 'link %s\\n' \"$t\"; ")
              .append("elif [ -e ").append(p).append(" ]; then echo other; else echo none; fi\n");
        }
        return sh.toString();
    }

    /** The versions in the output lines of {@link #script} (exactly one line per service). */
    public static Map<String, Optional<String>> parse(String hostName, String installLocation, List<String> services, List<String> lines)
            throws HostException {
        if (lines.size() != services.size()) {
            throw new HostException(FailureReason.COMMAND_ERROR, hostName, "reading the release symlinks in "
                    + installLocation + ": expected " + services.size() + " lines, got " + lines.size() + ": " + lines);
        }
        Map<String, Optional<String>> versions = new LinkedHashMap<>();
        for (int i = 0; i < services.size(); i++) {
            String service = services.get(i);
            String line = lines.get(i);
            String path = installLocation + "/" + service;
            if (line.equals("none")) {
                versions.put(service, Optional.empty());
            } else if (line.startsWith("link ")) {
                String target = line.substring("link ".length());
                versions.put(service, Optional.of(versionOf(service, target).orElseThrow(() -> new HostException(
                        FailureReason.COMMAND_ERROR, hostName, path + " points to " + target
                        + ", which does not name a release <service>_<version>"))));
            } else {
                throw new HostException(FailureReason.COMMAND_ERROR, hostName, path
                        + " exists but is not a symlink, so its version is unknown");
            }
        }
        return versions;
    }

    /**
     * The version in a release path: its last element after {@code <service>_} ({@code /opt/web_1.2/} → {@code 1.2}),
     * or, when the element does not start with the service name, after its first {@code _}. Empty when there is none.
     */
    public static Optional<String> versionOf(String service, String target) {
        String t = target;
        while (t.endsWith("/") && t.length() > 1) {
            t = t.substring(0, t.length() - 1);
        }
        String name = t.substring(t.lastIndexOf('/') + 1);
        String version;
        if (name.startsWith(service + "_")) {
            version = name.substring(service.length() + 1);
        } else {
            int underscore = name.indexOf('_');
            version = underscore < 0 ? "" : name.substring(underscore + 1);
        }
        return version.isEmpty() ? Optional.empty() : Optional.of(version);
    }
}
