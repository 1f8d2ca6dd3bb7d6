package deployer.generators.tarball;

import java.util.regex.Pattern;

/**
 * A host as the config names it, and the names derived from it.
 *
 * @param name          as written under {@code hostgroup} ({@code local:web1}, {@code be001}, {@code be001:2222},
 *                      {@code deploy@be001:2222})
 * @param remoteHost    the tasklist's {@code remote_host}: the name with {@code dns_suffix} applied to SSH hosts
 * @param hostname      {@code {hostname}} in path values: the host without {@code local:} and without a port
 * @param shortHostname {@code {shorthostname}}: {@code hostname} without its domain (an IP address stays whole)
 */
public record TargetHost(String name, String remoteHost, String hostname, String shortHostname) {

    private static final Pattern IP_V4 = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");

    /**
     * As the original tool did, {@code dns_suffix} is appended to SSH host names with fewer than three dots; local
     * hosts and IP addresses never get it.
     */
    public static TargetHost of(String name, String dnsSuffix) {
        if (name.equals("local") || name.startsWith("local:")) {
            String h = name.equals("local") ? "localhost" : name.substring("local:".length());
            return new TargetHost(name, name, h, shortName(h));
        }
        // `user@host:port` (OpenSSH's form): the user stays in remote_host, never in {hostname}.
        int at = name.indexOf('@');
        String user = at >= 0 ? name.substring(0, at + 1) : "";
        String rest = name.substring(at + 1);
        String host = rest;
        String port = "";
        int colon = rest.lastIndexOf(':');
        if (colon > 0 && rest.indexOf(':') == colon) {
            host = rest.substring(0, colon);
            port = rest.substring(colon);
        }
        if (dnsSuffix != null && !dnsSuffix.isBlank() && !isIp(host) && dots(host) < 3) {
            String suffix = dnsSuffix.startsWith(".") ? dnsSuffix.substring(1) : dnsSuffix;
            if (!host.endsWith("." + suffix)) {
                host = host + "." + suffix;
            }
        }
        return new TargetHost(name, user + host + port, host, shortName(host));
    }

    /** A host of an Ansible inventory: named as there ({@code {hostname}} too), reached at {@code remoteHost}. */
    static TargetHost inventory(String name, String remoteHost) {
        return new TargetHost(name, remoteHost, name, shortName(name));
    }

    public boolean local() {
        return name.equals("local") || name.startsWith("local:");
    }

    /** Whether a name typed on the command line ({@code --hosts}) means this host. */
    public boolean answersTo(String typed) {
        return typed.equals(name) || typed.equals(remoteHost) || typed.equals(hostname);
    }

    private static String shortName(String host) {
        if (isIp(host) || host.contains(":")) {
            return host;
        }
        int dot = host.indexOf('.');
        return dot > 0 ? host.substring(0, dot) : host;
    }

    private static boolean isIp(String host) {
        return IP_V4.matcher(host).matches() || host.contains(":") || host.startsWith("[");
    }

    private static long dots(String host) {
        return host.chars().filter(c -> c == '.').count();
    }

    @Override
    public String toString() {
        return remoteHost;
    }
}
