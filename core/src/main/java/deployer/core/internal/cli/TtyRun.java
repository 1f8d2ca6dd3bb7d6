package deployer.core.internal.cli;

import deployer.core.exec.PlannedTask;
import deployer.core.internal.host.ssh.SshHost;
import deployer.core.spi.HostException;
import deployer.core.spi.RemoteHost;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code deploy run --tty}: the command on one host, on a pseudo-terminal wired to ours as {@code ssh -t} does —
 * our terminal in raw mode (every key, Ctrl-C included, goes to the remote program), the remote terminal of our
 * type and size, told each new size as the window changes — so an editor or {@code top} works remotely. A local
 * host runs the command on our terminal itself. Nothing is captured: the screen is the program's. The log says
 * what ran and how it ended; there is no journal (one interactive command is not a plan to resume).
 */
final class TtyRun {

    private static final Logger LOG = LoggerFactory.getLogger(TtyRun.class);
    /** What a terminal that does not know its size (a fresh pty) is taken to be. */
    private static final int DEFAULT_COLUMNS = 80;
    private static final int DEFAULT_ROWS = 24;

    private TtyRun() {
    }

    static int run(Preparation p, String command, PrintStream err) throws UsageException, HostException, InterruptedException, IOException {
        List<PlannedTask> tasks = p.plan.stages().get(0).tasks();
        if (tasks.size() != 1) {
            throw new UsageException("--tty runs on one host, and the selection has " + tasks.size() + ": "
                    + String.join(", ", tasks.stream().map(PlannedTask::hostKey).toList()) + "; narrow it with --hosts");
        }
        if (!Terminals.stdinIsTerminal()) {
            throw new UsageException("--tty needs a terminal on stdin (it wires the remote program to it)");
        }
        PlannedTask task = tasks.get(0);
        RemoteHost host = p.hosts.host(task.host(), task.task().remoteUser());
        Integer status;
        LOG.info("Running on a terminal on {}: {}", task.hostKey(), command);
        if (host instanceof SshHost ssh) {
            status = onRemoteTerminal(ssh, command);
        } else {
            status = onOurTerminal(command);
        }
        LOG.info("{} ended on {} with {}", command, task.hostKey(), status == null ? "no exit status" : "exit status " + status);
        if (status == null || status != 0) {
            err.println(SCRIPT_LINE + task.hostKey() + ": " + (status == null ? "no exit status" : "exit status " + status));
            return 1;
        }
        return 0;
    }

    private static final String SCRIPT_LINE = DeployRun.SCRIPT + " --tty: ";

    private static Integer onRemoteTerminal(SshHost ssh, String command) throws IOException, HostException, InterruptedException {
        try (Terminal terminal = TerminalBuilder.builder().system(true).graphemeCluster(false).build()) {
            Size size = terminal.getSize();
            int columns = size.getColumns() > 0 ? size.getColumns() : DEFAULT_COLUMNS;
            int rows = size.getRows() > 0 ? size.getRows() : DEFAULT_ROWS;
            String type = terminal.getType() == null || terminal.getType().startsWith("dumb") ? "xterm" : terminal.getType();
            AtomicReference<SshHost.Resize> resize = new AtomicReference<>();
            terminal.handle(Terminal.Signal.WINCH, s -> {
                SshHost.Resize r = resize.get();
                Size now = terminal.getSize();
                if (r != null && now.getColumns() > 0) {
                    try {
                        r.to(now.getColumns(), now.getRows());
                    } catch (IOException e) {
                        LOG.debug("Could not pass on the new window size", e);
                    }
                }
            });
            Attributes cooked = terminal.enterRawMode();
            try {
                // Our own stdin and stdout, not JLine's streams: the key reader stays blocked in a read until the process
                // ends (a terminal has no end of input), and must not hold JLine's terminal open when it closes.
                return ssh.runOnTerminal(command, type, columns, rows, new java.io.FileInputStream(java.io.FileDescriptor.in),
                        new java.io.FileOutputStream(java.io.FileDescriptor.out), resize::set);
            } finally {
                terminal.setAttributes(cooked);
                terminal.flush();
            }
        }
    }

    /** A local host: the command runs on this very terminal, in the foreground. */
    private static Integer onOurTerminal(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("/bin/sh", "-c", command).inheritIO().start();
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            throw e;
        }
    }
}
