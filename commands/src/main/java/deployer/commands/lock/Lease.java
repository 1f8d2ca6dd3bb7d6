package deployer.commands.lock;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The content of a deploy lock: the file {@code lease} inside the lock directory, one {@code key=value} per line,
 * readable with {@code cat} by an operator wondering who holds it. Times are seconds since the epoch by the clock
 * of the host holding the lock (so a controller with a wrong clock cannot expire another's lease early).
 *
 * @param runId    the holding run ({@code 20261127T132713Z-4f9a})
 * @param operator who runs it, and from where ({@code user@controller})
 * @param pid      the deployer's process on the controller
 * @param started  when the lease was taken
 * @param expires  when it lapses unless renewed
 */
record Lease(String runId, String operator, String pid, long started, long expires) {

    static final String FILE = "lease";

    /** Reads the lines {@code cat lease} printed; null when they do not hold a lease (half written, or not ours). */
    static Lease parse(List<String> lines) {
        Map<String, String> m = new HashMap<>();
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        try {
            return new Lease(m.getOrDefault("run_id", "?"), m.getOrDefault("operator", "?"), m.getOrDefault("pid", "?"),
                    Long.parseLong(m.getOrDefault("started", "")), Long.parseLong(m.getOrDefault("expires", "")));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    boolean expiredAt(long now) {
        return expires <= now;
    }

    /** "run R of alice@ctl (pid 42) since 2026-11-27T13:27:13Z" — whom to ask, and since when. */
    String holder() {
        return "run " + runId + " of " + operator + " (pid " + pid + ") since " + Instant.ofEpochSecond(started);
    }
}
