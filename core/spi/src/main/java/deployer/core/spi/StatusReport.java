package deployer.core.spi;

import java.util.List;

/**
 * What runs where, as a platform reads it from its hosts for {@code deploy status}: per service its newest package and,
 * per host, the current release, the releases kept before it and whether the service answers its checks. Only read,
 * never changed: a status never touches a host beyond reading.
 *
 * @param services in config order
 */
public record StatusReport(List<Service> services) {

    public StatusReport {
        services = List.copyOf(services);
    }

    /**
     * @param newest     the release the hosts should be at (see {@code newestFrom}); null when unknown
     * @param newestFrom where {@code newest} comes from, in words ("package web_2.tar.gz", "release history")
     */
    public record Service(String name, String newest, String newestFrom, List<Host> hosts) {
        public Service {
            hosts = List.copyOf(hosts);
        }
    }

    /**
     * @param current      the release the service's link points at; null when nothing is installed or unknown
     * @param previous     the other releases kept on the host, newest first
     * @param rollbackTo   the release {@code --rollback} would switch to; null when none
     * @param rollbackNote why there is no {@code rollbackTo} (and what to do), in words; empty when there is one
     * @param state        whether the service answers
     * @param detail       why, in words (the failed check's exit status and stderr, the host's error); empty when up
     * @param standing     {@code current} against the service's newest release
     */
    public record Host(String host, String current, List<String> previous, String rollbackTo, String rollbackNote, State state,
                       String detail, Standing standing) {
        public Host {
            previous = List.copyOf(previous);
            rollbackNote = rollbackNote == null ? "" : rollbackNote;
            detail = detail == null ? "" : detail;
        }

        /** Whether {@code current} is the service's newest release (true when no newest is known). */
        public boolean atNewest() {
            return standing == Standing.AT_NEWEST;
        }

        /** Whether this host needs no attention: reachable, answering (or not meant to run) and at the newest release. */
        public boolean ok() {
            return state.ok() && atNewest();
        }
    }

    /** Where a host's release stands against the service's newest, as the platform orders its releases. */
    public enum Standing {
        /** At the newest release, or nothing tells (no newest known, host unreadable). */
        AT_NEWEST,
        /** At an older release, or one whose age nothing records. */
        BEHIND,
        /** At a release newer than the "newest" (a stale package given, or a host released ahead of the others). */
        AHEAD;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
    }

    /** A service on one host. */
    public enum State {
        /** Its check and health check pass. */
        UP,
        /** Its check command says it is not running. */
        DOWN,
        /** It runs, but its health check fails. */
        UNHEALTHY,
        /** The host could not be read. */
        UNREACHABLE,
        /** Nothing installed there. */
        NOT_INSTALLED,
        /** Installed, but the config has no check for it: nobody knows whether it answers. */
        NOT_CHECKED,
        /** The host only gets the files ({@code enabled_on_hosts}): it is not meant to run the service. */
        FILES_ONLY;

        public boolean ok() {
            return this == UP || this == NOT_CHECKED || this == FILES_ONLY;
        }

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
    }

    /** Whether every host of every service is ok. */
    public boolean allOk() {
        return services.stream().allMatch(s -> s.hosts().stream().allMatch(Host::ok));
    }
}
