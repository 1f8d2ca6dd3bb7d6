package deployer.core.internal.host.ssh;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A ProxyJump value as OpenSSH writes it: {@code [user@]host[:port]} hops separated by commas, tried in order
 * (the first is reached directly, each next one through the one before), or {@code none}.
 */
record ProxyJump(List<Hop> hops) {

    /** One jump host; an empty user or port means "as configured for that host". */
    record Hop(Optional<String> user, String host, Optional<Integer> port) {
        @Override
        public String toString() {
            return user.map(u -> u + "@").orElse("") + host + port.map(p -> ":" + p).orElse("");
        }
    }

    /** @return empty for {@code none} */
    static Optional<ProxyJump> parse(String value) {
        String v = value.trim();
        if (v.equalsIgnoreCase("none")) {
            return Optional.empty();
        }
        List<Hop> hops = new ArrayList<>();
        for (String part : v.split(",", -1)) {
            hops.add(hop(part.trim(), value));
        }
        return Optional.of(new ProxyJump(List.copyOf(hops)));
    }

    private static Hop hop(String s, String whole) {
        String rest = s.startsWith("ssh://") ? s.substring(6) : s;
        Optional<String> user = Optional.empty();
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            user = Optional.of(rest.substring(0, at));
            rest = rest.substring(at + 1);
            if (user.get().isEmpty()) {
                throw new IllegalArgumentException("empty user in jump host '" + s + "' of '" + whole + "'");
            }
        }
        String host = rest;
        Optional<Integer> port = Optional.empty();
        int colon = rest.startsWith("[") ? rest.indexOf("]:") + 1 : rest.lastIndexOf(':');
        if (rest.startsWith("[") && !rest.endsWith("]") && colon <= 0) {
            throw new IllegalArgumentException("bad jump host '" + s + "' in '" + whole + "'");
        }
        if (colon > 0 && rest.indexOf(':') == rest.lastIndexOf(':') || rest.startsWith("[") && colon > 0) {
            host = rest.substring(0, colon);
            String p = rest.substring(colon + 1);
            try {
                int n = Integer.parseInt(p);
                if (n < 1 || n > 65535) {
                    throw new NumberFormatException();
                }
                port = Optional.of(n);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad port '" + p + "' in jump host '" + s + "' of '" + whole + "'");
            }
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty() || host.contains(" ") || host.contains("/")) {
            throw new IllegalArgumentException("bad jump host '" + s + "' in '" + whole
                    + "'; expected [user@]host[:port], several separated by commas, or none");
        }
        return new Hop(user, host, port);
    }
}
