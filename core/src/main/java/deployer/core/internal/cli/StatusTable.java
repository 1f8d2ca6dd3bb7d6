package deployer.core.internal.cli;

import deployer.core.spi.StatusReport;

import java.util.ArrayList;
import java.util.List;

/** {@code deploy status} as a table: one row per service and host, then what needs attention, in words. */
final class StatusTable {

    private static final List<String> HEADER = List.of("SERVICE", "HOST", "CURRENT", "NEWEST", "STATE", "PREVIOUS", "ROLLBACK TO", "DETAIL");

    private StatusTable() {
    }

    static String render(StatusReport report) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        List<String> behind = new ArrayList<>();
        List<String> ahead = new ArrayList<>();
        List<String> noRollback = new ArrayList<>();
        List<String> notAnswering = new ArrayList<>();
        for (StatusReport.Service s : report.services()) {
            for (StatusReport.Host h : s.hosts()) {
                rows.add(List.of(s.name(), h.host(), or(h.current()), or(s.newest()) + (h.atNewest() ? "" : " (" + h.standing().word() + ")"),
                        h.state().word(), h.previous().isEmpty() ? "-" : String.join(",", h.previous()), or(h.rollbackTo()),
                        h.detail().isEmpty() ? "-" : h.detail()));
                if (h.standing() == StatusReport.Standing.BEHIND) {
                    behind.add(s.name() + " on " + h.host() + " (at " + or(h.current()) + ")");
                } else if (h.standing() == StatusReport.Standing.AHEAD) {
                    ahead.add(s.name() + " on " + h.host() + " (at " + or(h.current()) + ", newer than " + or(s.newest()) + ")");
                }
                if (!h.rollbackNote().isEmpty()) {
                    noRollback.add(s.name() + " on " + h.host() + ": " + h.rollbackNote());
                }
                if (!h.state().ok()) {
                    notAnswering.add(s.name() + " on " + h.host() + ": " + h.state().word());
                }
            }
        }
        StringBuilder out = new StringBuilder();
        int[] width = new int[HEADER.size()];
        rows.forEach(r -> {
            for (int i = 0; i < r.size(); i++) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        });
        for (List<String> r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.size(); i++) {
                line.append(i == r.size() - 1 ? r.get(i) : String.format("%-" + width[i] + "s  ", r.get(i)));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        out.append('\n');
        for (StatusReport.Service s : report.services()) {
            out.append("Newest ").append(s.name()).append(": ").append(or(s.newest())).append(" (from ").append(s.newestFrom()).append(")\n");
        }
        if (report.services().stream().allMatch(s -> s.hosts().isEmpty())) {
            out.append("No host selected\n");
        }
        // One line per host: a long fleet stays readable, and `grep 'Not answering'` lists them.
        behind.forEach(b -> out.append("Not at the newest release: ").append(b).append('\n'));
        ahead.forEach(a -> out.append("Ahead of the newest release: ").append(a).append('\n'));
        notAnswering.forEach(n -> out.append("Not answering: ").append(n).append('\n'));
        noRollback.forEach(n -> out.append("No rollback target: ").append(n).append('\n'));
        if (behind.isEmpty() && ahead.isEmpty() && notAnswering.isEmpty()) {
            out.append("All hosts up and at the newest release\n");
        }
        return out.toString();
    }

    private static String or(String value) {
        return value == null ? "-" : value;
    }
}
