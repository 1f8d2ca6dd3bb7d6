package deployer.generators.tarball;

import deployer.core.model.InvalidInputException;
import deployer.core.model.RunId;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's directories and port on one host, with {@code {hostname}} and {@code {shorthostname}} expanded, so
 * that loopback or {@code local:NAME} hosts sharing one filesystem each get their own root.
 *
 * @param installLocation the service's release root: releases {@code <service>_<version>}, link {@code <service>},
 *                        history {@code .<service>.history}
 * @param unpackDir       where runs upload and unpack; each run's per-release folder inside it, named with the run id,
 *                        is removed at the end
 * @param port            null when the service has no port
 */
public record HostPaths(String installLocation, String unpackDir, Long port) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

    public static HostPaths of(TarballConfig config, ServiceSpec service, TargetHost host) throws InvalidInputException {
        String install = expand(config, host, service.installLocation(), "service", service.name(), "install_location");
        String unpack = service.unpackDir() == null
                ? install + "/.deployer-tmp"
                : expand(config, host, service.unpackDir(), "service", service.name(), "unpack_dir");
        Long port = null;
        if (service.port() != null) {
            String p = expand(config, host, service.port(), "service", service.name(), "port");
            if (!TarballConfig.isPort(p)) {
                throw config.config().error("on " + host.name() + " the port is '" + p + "': expected a number from 1 to 65535", "service", service.name(), "port");
            }
            port = Long.parseLong(p);
        }
        return new HostPaths(trimSlash(install), trimSlash(unpack), port);
    }

    public String link(String service) {
        return installLocation + "/" + service;
    }

    /**
     * The service's release history beside its link: one line per switch, which rollbacks walk back through
     * ({@link ReleaseHistory}). Hidden, and not matched by cleanup's {@code <service>_*}.
     */
    public String history(String service) {
        return installLocation + "/." + service + ".history";
    }

    public String release(Package p) {
        return installLocation + "/" + p.releaseName();
    }

    public String release(String service, String version) {
        return installLocation + "/" + service + "_" + version;
    }

    /**
     * This run's own folder for one package: the upload lands here and the release is unpacked below it. Its name
     * carries {@value RunId#PLACEHOLDER}, filled with the executing run's id, so two runs (even of one saved plan,
     * even with {@code --no-lock}) never share a temporary file.
     */
    public String staging(Package p) {
        return unpackDir + "/" + p.releaseName() + "." + RunId.PLACEHOLDER;
    }

    /** The deploy lock of one service on this host: beside its releases, so every run deploying there sees it. */
    public String lock(String service) {
        return installLocation + "/.deploy-lock." + service;
    }

    /**
     * Where the package is unpacked: {@code <staging>/<service>}, so the staging folder has the same layout as
     * install_location and a migration template like {@code {install_location}/{servicename}/bin/migrate} finds the
     * new release when given the staging folder as its install_location.
     */
    public String unpacked(Package p) {
        return staging(p) + "/" + p.service();
    }

    private static String expand(TarballConfig config, TargetHost host, String value, String... at) throws InvalidInputException {
        Matcher m = PLACEHOLDER.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = switch (m.group(1)) {
                case "hostname" -> host.hostname();
                case "shorthostname" -> host.shortHostname();
                default -> throw config.config().error("unknown placeholder {" + m.group(1)
                        + "}; paths and ports may use {hostname} and {shorthostname}", at);
            };
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String trimSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
