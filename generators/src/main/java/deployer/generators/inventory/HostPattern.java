package deployer.generators.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A host pattern of an INI or YAML inventory, expanded as Ansible's {@code parse_address} and
 * {@code expand_hostname_range} do: an optional {@code :PORT} (bracketed for IPv6: {@code [::1]:2200}), then ranges
 * {@code [01:20]} (zero-padded when begin has a leading zero; begin and end of the same length), {@code [a:c]} and
 * {@code [1:10:2]}, several in one name.
 */
public final class HostPattern {

    /** The names a pattern stands for, and the port written with it (null when none). */
    public record Expansion(List<String> hosts, Integer port) {
        public Expansion {
            hosts = List.copyOf(hosts);
        }
    }

    private static final Pattern BRACKETED_PORT = Pattern.compile("^\\[([^\\]]+)]:(\\d+)$");
    // Anything but ':' outside brackets, then :PORT.
    private static final Pattern HOST_PORT = Pattern.compile("^((?:[^:\\[\\]]|\\[[^\\]]*])+):(\\d+)$");
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private HostPattern() {
    }

    /** Expands {@code pattern}; a range that does not parse is an {@link IllegalArgumentException} saying why. */
    public static Expansion expand(String pattern) {
        String host = pattern;
        Integer port = null;
        Matcher b = BRACKETED_PORT.matcher(pattern);
        Matcher hp = HOST_PORT.matcher(pattern);
        if (b.matches()) {
            host = b.group(1);
            port = Integer.valueOf(b.group(2));
        } else if (hp.matches()) {
            host = hp.group(1);
            port = Integer.valueOf(hp.group(2));
        } else if (pattern.endsWith(":")) {
            throw new IllegalArgumentException("a host pattern may not end in ':' (it introduces a port)");
        }
        if (port != null && (port < 1 || port > 65535)) {
            throw new IllegalArgumentException("expected a port from 1 to 65535, got " + port);
        }
        if (isIpv6(host)) {
            return new Expansion(List.of(host), port);
        }
        List<String> hosts = new ArrayList<>();
        ranges(host, hosts);
        return new Expansion(hosts, port);
    }

    private static boolean isIpv6(String host) {
        return host.indexOf(':') >= 0 && host.matches("[0-9A-Fa-f:.]+");
    }

    private static void ranges(String name, List<String> out) {
        int open = name.indexOf('[');
        if (open < 0) {
            if (name.indexOf(']') >= 0) {
                throw new IllegalArgumentException("a ']' without its '['");
            }
            out.add(name);
            return;
        }
        int close = name.indexOf(']', open);
        if (close < 0) {
            throw new IllegalArgumentException("a '[' without its ']' (a range is [BEGIN:END] or [BEGIN:END:STEP])");
        }
        String head = name.substring(0, open);
        String tail = name.substring(close + 1);
        String[] bounds = name.substring(open + 1, close).split(":", -1);
        if (bounds.length != 2 && bounds.length != 3) {
            throw new IllegalArgumentException("a host range must be begin:end or begin:end:step, got [" + name.substring(open + 1, close) + "]");
        }
        String begin = bounds[0].isEmpty() ? "0" : bounds[0];
        String end = bounds[1];
        int step = bounds.length == 3 ? number(bounds[2], "step") : 1;
        if (end.isEmpty()) {
            throw new IllegalArgumentException("a host range must give its end: [BEGIN:END]");
        }
        if (step < 1) {
            throw new IllegalArgumentException("a host range's step must be at least 1, got " + step);
        }
        List<String> seq = new ArrayList<>();
        int b = LETTERS.indexOf(begin);
        int e = LETTERS.indexOf(end);
        if (begin.length() == 1 && end.length() == 1 && b >= 0 && e >= 0) {
            if (b > e) {
                throw new IllegalArgumentException("a host range must have begin <= end, got [" + begin + ":" + end + "]");
            }
            for (int i = b; i <= e; i += step) {
                seq.add(String.valueOf(LETTERS.charAt(i)));
            }
        } else {
            int from = number(begin, "begin");
            int to = number(end, "end");
            boolean padded = begin.length() > 1 && begin.charAt(0) == '0';
            if (padded && begin.length() != end.length()) {
                throw new IllegalArgumentException("a zero-padded host range needs a begin and end of equal length, got [" + begin + ":" + end + "]");
            }
            if (from > to) {
                throw new IllegalArgumentException("a host range must have begin <= end, got [" + begin + ":" + end + "]");
            }
            for (int i = from; i <= to; i += step) {
                String n = String.valueOf(i);
                seq.add(padded ? "0".repeat(Math.max(0, begin.length() - n.length())) + n : n);
            }
        }
        for (String s : seq) {
            ranges(head + s + tail, out);
        }
    }

    private static int number(String s, String what) {
        if (!s.matches("\\d{1,9}")) {
            throw new IllegalArgumentException("a host range's " + what + " must be a number (or one letter for begin and end), got '" + s + "'");
        }
        return Integer.parseInt(s);
    }
}
