package deployer.core.config;

import java.time.Duration;
import java.util.Locale;

/** How a duration reads in a stage name or a message, for the generator that plans it and the command that runs it. */
public final class DurationText {

    private DurationText() {
    }

    /** 1h, 5m, 1m30s, 45s; under ten seconds and not whole, with a tenth: 0.5s. */
    public static String format(Duration d) {
        long millis = d.toMillis();
        if (millis < 10_000 && millis % 1000 != 0) {
            return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        long s = Math.round(millis / 1000.0);
        StringBuilder b = new StringBuilder();
        if (s >= 3600) {
            b.append(s / 3600).append('h');
            s %= 3600;
        }
        if (s >= 60) {
            b.append(s / 60).append('m');
            s %= 60;
        }
        if (s > 0 || b.length() == 0) {
            b.append(s).append('s');
        }
        return b.toString();
    }
}
