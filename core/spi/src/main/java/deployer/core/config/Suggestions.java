package deployer.core.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean …": the known name closest to a mistyped one, if it is close enough to be the likely intent. */
public final class Suggestions {

    private Suggestions() {
    }

    /**
     * The closest of {@code known} by edit distance (a swap of two neighbours counts as one edit), when within
     * about a third of the word's length; ties go to the name declared first.
     */
    public static Optional<String> closest(String typed, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        int allowed = allowed(typed);
        String lower = null;
        for (String k : known) {
            // The distance is at least the difference in length: a name that far off can never be suggested, and a
            // megabyte key is not compared letter by letter with every declared one (a matrix of its length each).
            if (Math.abs(typed.length() - k.length()) > allowed) {
                continue;
            }
            lower = lower == null ? typed.toLowerCase(Locale.ROOT) : lower;
            int d = distance(lower, k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    private static int allowed(String typed) {
        int n = typed.length();
        return n <= 4 ? 1 : n <= 8 ? 2 : 3;
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
