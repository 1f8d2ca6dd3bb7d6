package deployer.generators.tarball;

import java.util.List;
import java.util.Optional;

/**
 * Where one host's service goes on {@code --rollback}: decided from its current release, the releases still
 * installed and its history (see {@link ReleaseHistory}). Pure: no host, no I/O, so every rule is unit-tested.
 *
 * <ul>
 *   <li>{@code --to VERSION}: that release, if installed; a host already there is left alone. The release may be
 *       named as the hints print it ({@code <service>_<version>}) or by its bare version.</li>
 *   <li>With a history: the release below the current one on the history's stack. Refused when the history is
 *       exhausted, when that release was cleaned up (its directory is gone), or when the history does not end at the
 *       current release (the link was switched outside the deployer, or the last line was lost): then only
 *       {@code --to} says where to go.</li>
 *   <li>Without a history file (a host released before histories were kept): the newest installed release that is
 *       older than the current one, with a warning. "Older" by directory time, as cleanup ranks releases, so even
 *       this fallback never moves forward to a release that was rolled back from.</li>
 * </ul>
 */
public sealed interface RollbackChoice {

    /** Switch to {@code version}; {@code warning} is non-null when the choice was made without a history. */
    record SwitchTo(String version, String warning) implements RollbackChoice {
    }

    /** The host already runs the requested release. */
    record AlreadyThere(String version) implements RollbackChoice {
    }

    /** No rollback for this host; {@code reason} says why and what to do. */
    record Refused(String reason) implements RollbackChoice {
    }

    /**
     * @param service    the service
     * @param current    the version the link points at (not null)
     * @param installed  installed versions, newest first
     * @param history    the host's history, empty when it has no history file
     * @param historyFile its path, for messages
     * @param to         {@code --to VERSION}, or null
     */
    static RollbackChoice choose(String service, String current, List<String> installed, Optional<ReleaseHistory> history,
                                 String historyFile, String to) {
        if (to != null) {
            to = bareVersion(service, to, current, installed);
            if (to.equals(current)) {
                return new AlreadyThere(to);
            }
            if (!installed.contains(to)) {
                return new Refused(service + "_" + to + " is not installed; installed releases: " + names(service, installed));
            }
            return new SwitchTo(to, null);
        }
        if (history.isEmpty() || history.get().top().isEmpty()) {
            String why = history.isEmpty() ? "no release history (" + historyFile + " does not exist: released before histories were kept)"
                    : "no readable line in its release history " + historyFile;
            int at = installed.indexOf(current);
            List<String> older = at < 0 ? installed.stream().filter(v -> !v.equals(current)).toList() : installed.subList(at + 1, installed.size());
            if (older.isEmpty()) {
                return new Refused(why + ", and no release older than " + service + "_" + current
                        + " is installed (installed: " + names(service, installed) + ")");
            }
            return new SwitchTo(older.get(0), why + "; taking the newest installed release older than the current one");
        }
        ReleaseHistory h = history.get();
        String top = h.top().orElseThrow();
        if (!top.equals(current)) {
            return new Refused("the release history " + historyFile + " ends at " + service + "_" + top + ", but the link points to "
                    + service + "_" + current + " (switched outside the deployer, or its history line was lost); "
                    + "choose the release with --to VERSION (installed: " + names(service, installed) + ")");
        }
        Optional<String> previous = h.beforeTop();
        if (previous.isEmpty()) {
            List<String> others = installed.stream().filter(v -> !v.equals(current)).toList();
            return new Refused("the release history of " + service + " is exhausted: " + service + "_" + current
                    + " is the oldest release in " + historyFile + (others.isEmpty() ? ""
                    : "; other installed releases (pick one with --to VERSION): " + names(service, others)));
        }
        if (!installed.contains(previous.get())) {
            return new Refused("the release before " + service + "_" + current + " in the history, " + service + "_" + previous.get()
                    + ", was cleaned up (its directory is gone)" + (installed.size() > 1
                    ? "; pick an installed release with --to VERSION (installed: " + names(service, installed) + ")" : ""));
        }
        return new SwitchTo(previous.get(), null);
    }

    /**
     * {@code --to} as given, or without its {@code <service>_} prefix when that names a release here and the text as
     * given does not: the refusals and {@code deploy status} name releases {@code web_1.2}, and either form is meant.
     */
    static String bareVersion(String service, String to, String current, List<String> installed) {
        String prefix = service + "_";
        if (to.equals(current) || installed.contains(to) || !to.startsWith(prefix) || to.length() == prefix.length()) {
            return to;
        }
        return to.substring(prefix.length());
    }

    /**
     * The release a rollback would return to once this deploy of {@code version} has switched the host, for cleanup
     * to keep: the release the host runs now (the switch's history line puts it just below the new one), or, when the
     * link does not move ({@code --redeploy}), whatever a rollback picks today. Null when there is none.
     */
    static String afterDeploy(InstalledReleases.Probe probe, InstalledReleases.Installed installed, String version) {
        String current = installed.current();
        if (current == null) {
            return null;
        }
        if (!current.equals(version)) {
            return current;
        }
        String service = probe.service().name();
        return choose(service, current, installed.releases(), installed.releaseHistory(probe), probe.paths().history(service), null)
                instanceof SwitchTo s ? s.version() : null;
    }

    private static String names(String service, List<String> versions) {
        return versions.isEmpty() ? "none" : String.join(", ", versions.stream().map(v -> service + "_" + v).toList());
    }
}
