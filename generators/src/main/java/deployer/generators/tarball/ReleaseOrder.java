package deployer.generators.tarball;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which of two releases of a service is the older, as the hosts' own records tell it — never by the version strings,
 * which are build labels ({@code 7be41d0-20240601120000}), not numbers. A release is as old as the moment it first
 * became current:
 * <ol>
 *   <li>on one host whose release history has both: by their first lines in that file (exact, no clock involved);</li>
 *   <li>else across the hosts' histories: by the earliest time each first became current on any host;</li>
 *   <li>else on one host that has both release directories: by directory time, as cleanup ranks releases.</li>
 * </ol>
 * A release no host has a record of is of unknown age: a new release, never "older". Pure: built from what
 * {@link InstalledReleases} read, so every rule is unit-tested.
 */
final class ReleaseOrder {

    /** When a release first became current on one host: its position in the history file, and the line's time. */
    private record FirstSeen(int position, Instant at) {
    }

    private final List<Map<String, FirstSeen>> histories = new ArrayList<>();
    private final List<List<String>> installedNewestFirst = new ArrayList<>();
    private final Map<String, Instant> earliest = new HashMap<>();

    /**
     * Adds one host's records.
     *
     * @param history   its release history, empty when it has none
     * @param installed its release directories, newest first
     */
    ReleaseOrder add(Optional<ReleaseHistory> history, List<String> installed) {
        installedNewestFirst.add(List.copyOf(installed));
        Map<String, FirstSeen> first = new HashMap<>();
        history.ifPresent(h -> {
            int position = 0;
            for (ReleaseHistory.Entry e : h.entries()) {
                // A first line's "from" was current before its "to": it is the older of the two.
                if (e.from() != null) {
                    first.putIfAbsent(e.from(), new FirstSeen(position++, e.at()));
                }
                first.putIfAbsent(e.to(), new FirstSeen(position++, e.at()));
            }
        });
        first.forEach((release, seen) -> earliest.merge(release, seen.at(), (a, b) -> a.isBefore(b) ? a : b));
        histories.add(first);
        return this;
    }

    /** Whether {@code a} is known to be older than {@code b} (false when they are equal or their order is unknown). */
    boolean older(String a, String b) {
        return compare(a, b).map(c -> c < 0).orElse(false);
    }

    /** Negative when {@code a} is older, positive when newer; empty when no record orders them. */
    Optional<Integer> compare(String a, String b) {
        if (a.equals(b)) {
            return Optional.of(0);
        }
        for (Map<String, FirstSeen> h : histories) {
            if (h.containsKey(a) && h.containsKey(b)) {
                return Optional.of(Integer.compare(h.get(a).position(), h.get(b).position()));
            }
        }
        if (earliest.containsKey(a) && earliest.containsKey(b) && !earliest.get(a).equals(earliest.get(b))) {
            return Optional.of(earliest.get(a).compareTo(earliest.get(b)));
        }
        for (List<String> installed : installedNewestFirst) {
            if (installed.contains(a) && installed.contains(b)) {
                return Optional.of(Integer.compare(installed.indexOf(b), installed.indexOf(a)));
            }
        }
        return Optional.empty();
    }

    /** How {@link #older} knew, for messages: "by the release history" or "by directory time". */
    String how(String a, String b) {
        boolean byHistory = histories.stream().anyMatch(h -> h.containsKey(a) && h.containsKey(b))
                || earliest.containsKey(a) && earliest.containsKey(b) && !earliest.get(a).equals(earliest.get(b));
        return byHistory ? "by the release history (it became current first)" : "by release directory time";
    }
}
