package deployer.core.internal.cli;

import deployer.core.exec.RunReport;
import deployer.core.exec.TaskResult;
import deployer.core.exec.TaskStatus;

import java.io.PrintStream;

/**
 * {@code deploy --dry-run --diff}: runs only the plan's previewing tasks (upload_template), each in a dry run that
 * reads the host and changes nothing, and prints what each would change — per task and host, a unified diff or
 * "unchanged" — on stdout. No journal: nothing ran that a resume would need to know about.
 */
final class DryRunDiff {

    private DryRunDiff() {
    }

    static int run(Preparation p, PrintStream out) throws InterruptedException {
        RunReport report = p.executor.newDryRun(p.plan, p.hosts, p.runId).start().await();
        if (report.results().isEmpty()) {
            out.println("Nothing to diff: the plan writes no files that preview (upload_template)");
            return 0;
        }
        int changed = 0;
        for (TaskResult r : report.results()) {
            String where = r.command() + " on " + r.host() + (r.tag() == null ? "" : " [" + r.tag() + "]");
            if (r.status() == TaskStatus.SUCCEEDED) {
                // The message is the diff itself (ending in a newline), or one line saying nothing would change.
                String m = r.message();
                out.print("# " + where + "\n" + m + (m.endsWith("\n") ? "" : "\n"));
                if (!m.startsWith("unchanged")) {
                    changed++;
                }
            } else {
                out.println("# " + where + ": " + r.status() + (r.reason() == null ? "" : " (" + r.reason() + ")") + " " + r.message());
            }
        }
        out.println("Dry run: " + changed + " of " + report.results().size() + " file(s) would change; nothing was changed");
        return report.succeeded() ? 0 : 1;
    }
}
