package deployer.core.model;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a task runs, parsed from its {@code remote_host}: absent or {@code local} is this machine,
 * {@code local:NAME} is this machine under its own name (its own host for limits and logs), anything
 * else is an SSH host, optionally {@code host:port}.
 */
public record HostAddress(String key, boolean local, String hostname, int port) {

    public static final HostAddress LOCAL = new HostAddress("local", true, "localhost", 0);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-]+");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9_.\\-]+|\\[[0-9A-Fa-f:.]+\\]");

    /** Parses a {@code remote_host} value; an absent value means {@link #LOCAL}. */
    public static HostAddress parse(String remoteHost) {
        if (remoteHost == null || remoteHost.equals("local")) {
            return LOCAL;
        }
        if (remoteHost.startsWith("local:")) {
            String name = remoteHost.substring("local:".length());
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("expected local:NAME with NAME made of letters, digits, '.', '_' or '-', got '" + remoteHost + "'");
            }
            return new HostAddress(remoteHost, true, "localhost", 0);
        }
        String host = remoteHost;
        String portText = null;
        if (remoteHost.startsWith("[")) {
            // [v6-address] or [v6-address]:port
            int close = remoteHost.indexOf(']');
            if (close > 0) {
                host = remoteHost.substring(0, close + 1);
                String rest = remoteHost.substring(close + 1);
                portText = rest.startsWith(":") ? rest.substring(1) : rest.isEmpty() ? null : rest;
            }
        } else if (remoteHost.indexOf(':') > 0 && remoteHost.indexOf(':') == remoteHost.lastIndexOf(':')) {
            host = remoteHost.substring(0, remoteHost.indexOf(':'));
            portText = remoteHost.substring(remoteHost.indexOf(':') + 1);
        }
        int port = 0;
        if (portText != null) {
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("expected host or host:port with a port from 1 to 65535, got '" + remoteHost + "'");
            }
        }
        if (!HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("expected a host name, host:port, local or local:NAME, got '" + remoteHost + "'");
        }
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        return new HostAddress(remoteHost, false, host, port);
    }

    public Optional<Integer> explicitPort() {
        return port > 0 ? Optional.of(port) : Optional.empty();
    }

    @Override
    public String toString() {
        return key;
    }
}
