package deployer.core.model;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a task runs, parsed from its {@code remote_host}: absent or {@code local} is this machine,
 * {@code local:NAME} is this machine under its own name (its own host for limits and logs), anything
 * else is an SSH host in OpenSSH's forms: {@code host}, {@code host:port}, {@code [v6]}, {@code [v6]:port}, each
 * optionally with a login user first ({@code user@host:port}, {@code user@[v6]:port}).
 *
 * @param key      the {@code remote_host} as written: the host's name in logs and for the per-host limit
 * @param hostname the host name or address to connect to (an IPv6 address without brackets)
 * @param port     the explicit port, 0 when none
 * @param user     the login user written in the address, or null
 */
public record HostAddress(String key, boolean local, String hostname, int port, String user) {

    public static final HostAddress LOCAL = new HostAddress("local", true, "localhost", 0, null);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-]+");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9_.\\-]+|\\[[0-9A-Fa-f:.]+\\]");
    /** A POSIX-portable login name, as OpenSSH takes it on its command line. */
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]*");
    private static final String FORMS = "host, host:port, [v6-address], [v6-address]:port (each optionally user@…), local or local:NAME";

    public HostAddress(String key, boolean local, String hostname, int port) {
        this(key, local, hostname, port, null);
    }

    /** Parses a {@code remote_host} value; an absent value means {@link #LOCAL}. */
    public static HostAddress parse(String remoteHost) {
        if (remoteHost == null || remoteHost.equals("local")) {
            return LOCAL;
        }
        if (remoteHost.startsWith("local:")) {
            String name = remoteHost.substring("local:".length());
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("expected local:NAME with NAME made of letters, digits, '.', '_' or '-', got " + Printable.quote(remoteHost));
            }
            return new HostAddress(remoteHost, true, "localhost", 0, null);
        }
        String user = null;
        String rest = remoteHost;
        int at = remoteHost.indexOf('@');
        if (at >= 0) {
            user = remoteHost.substring(0, at);
            rest = remoteHost.substring(at + 1);
            if (!USER.matcher(user).matches()) {
                throw new IllegalArgumentException("expected user@host with a user made of letters, digits, '.', '_' or '-', got " + Printable.quote(remoteHost));
            }
            if (rest.equals("local") || rest.startsWith("local:")) {
                throw new IllegalArgumentException("a login user applies to SSH hosts only, not to " + Printable.quote(rest) + "; got " + Printable.quote(remoteHost));
            }
        }
        String host = rest;
        String portText = null;
        if (rest.startsWith("[")) {
            // [v6-address] or [v6-address]:port
            int close = rest.indexOf(']');
            if (close > 0) {
                host = rest.substring(0, close + 1);
                String after = rest.substring(close + 1);
                portText = after.startsWith(":") ? after.substring(1) : after.isEmpty() ? null : after;
            }
        } else if (rest.indexOf(':') > 0 && rest.indexOf(':') == rest.lastIndexOf(':')) {
            host = rest.substring(0, rest.indexOf(':'));
            portText = rest.substring(rest.indexOf(':') + 1);
        }
        int port = 0;
        if (portText != null) {
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("expected host or host:port with a port from 1 to 65535, got " + Printable.quote(remoteHost));
            }
        }
        if (!HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("expected a host name or address: " + FORMS + ", got " + Printable.quote(remoteHost));
        }
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        return new HostAddress(remoteHost, false, host, port, user);
    }

    /**
     * Whether a login name is one OpenSSH takes as it is: a space, '-' first, or a quote in a {@code remote_user}
     * ({@code root -oProxyCommand=…}) would otherwise reach ssh or sudo as options of their own.
     */
    public static boolean isLoginName(String user) {
        return USER.matcher(user).matches();
    }

    /** The message for a login name {@link #isLoginName} refuses. */
    public static String badLoginName(String user) {
        return "expected a login name made of letters, digits, '.', '_' or '-' (not starting with '-' or '.'), got " + Printable.quote(user);
    }

    public Optional<Integer> explicitPort() {
        return port > 0 ? Optional.of(port) : Optional.empty();
    }

    public Optional<String> explicitUser() {
        return Optional.ofNullable(user);
    }

    /** The address without its user: {@code host}, {@code host:port}, {@code [v6]:port}; for local hosts the key. */
    public String endpoint() {
        return user == null ? key : key.substring(user.length() + 1);
    }

    @Override
    public String toString() {
        return key;
    }
}
