package deployer.commands.files;

import deployer.core.model.HostAddress;
import deployer.core.spi.Arguments;
import deployer.core.spi.Command;
import deployer.core.spi.CommandArgument;
import deployer.core.spi.CommandContext;
import deployer.core.spi.CommandResult;
import deployer.core.spi.ExecResult;
import deployer.core.spi.FailureReason;
import deployer.core.spi.HostException;
import deployer.core.spi.RemoteHost;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static deployer.core.spi.CommandArgument.Type.OBJECT;
import static deployer.core.spi.CommandArgument.Type.STRING;
import static deployer.core.spi.CommandArgument.required;
import static deployer.core.spi.Shell.quote;

/**
 * The last word of an automatic rollback, one line of the run's summary per service: what each host runs now, read
 * from its link (and its release history, which tells a host rolled back by this run from one it never changed) —
 * "web: rolled back 2 hosts to web_v1 (h2, h3); 4 never changed (h1, h4, h5, h6)". Hosts left on this run's release
 * (the rollback stopped before them, or it was not taken) fail it, named with where they are, so that the summary
 * lists them among the failures; a resume ({@code --resume}) goes on with the rollback from there.
 */
public final class RollbackSummaryCommand implements Command {

    static final List<CommandArgument> ARGUMENTS = List.of(required("servicename", STRING, "for the line"),
            required("version", STRING, "the release this run deployed"),
            required("hosts", OBJECT, "remote host → {link, history, release, previous, user (optional)}"));

    private record Host(String name, HostAddress address, String user, String link, String history, String release, String previous) {
    }

    private String service;
    private String version;
    private final List<Host> hosts = new ArrayList<>();

    @Override
    public String name() {
        return "rollback_summary";
    }

    @Override
    public List<CommandArgument> arguments() {
        return ARGUMENTS;
    }

    @Override
    public String summary() {
        return "one line of the run's summary: per host of an automatic rollback, rolled back (by this run's history line), never changed, or left on the release (which fails it)";
    }

    @Override
    public boolean summarizesRun() {
        return true;
    }

    @Override
    public boolean idempotent() {
        return true;
    }

    @Override
    public void initialize(Arguments args) {
        service = args.string("servicename");
        version = args.string("version");
        for (Map.Entry<String, Object> e : args.map("hosts", Map.of()).entrySet()) {
            if (!(e.getValue() instanceof Map<?, ?> m) || !(m.get("link") instanceof String link) || !(m.get("release") instanceof String release)
                    || !(m.get("previous") instanceof String previous) || !(m.get("history") instanceof String history)) {
                args.problem("argument 'hosts': host '" + e.getKey() + "' needs link, history, release and previous (strings)");
                continue;
            }
            try {
                hosts.add(new Host(e.getKey(), HostAddress.parse(e.getKey()), m.get("user") instanceof String u ? u : null, link, history, release, previous));
            } catch (IllegalArgumentException bad) {
                args.problem("argument 'hosts': '" + e.getKey() + "': " + bad.getMessage());
            }
        }
    }

    @Override
    public CommandResult execute(CommandContext context) throws InterruptedException {
        Map<String, List<String>> byState = new LinkedHashMap<>();
        String marker = "(automatic, run " + context.runId() + ")";
        for (Host h : hosts) {
            byState.computeIfAbsent(state(context, h, marker), k -> new ArrayList<>()).add(h.name());
        }
        List<String> parts = new ArrayList<>();
        boolean left = false;
        for (Map.Entry<String, List<String>> e : byState.entrySet()) {
            int n = e.getValue().size();
            String what = e.getKey().replace("HOSTS", n + " host" + (n == 1 ? "" : "s"));
            parts.add(what + " (" + String.join(", ", e.getValue()) + ")");
            left |= !e.getKey().startsWith("rolled back") && !e.getKey().startsWith("HOSTS never changed");
        }
        String line = service + " " + version + ": " + String.join("; ", parts);
        return left ? CommandResult.failed(FailureReason.COMMAND_ERROR, line + "; the rollback is not complete (--resume goes on with it)")
                : CommandResult.succeeded(line);
    }

    /** The host's state as a phrase with HOSTS for the count: "rolled back HOSTS to web_v1", "HOSTS never changed". */
    private String state(CommandContext context, Host h, String marker) throws InterruptedException {
        try {
            RemoteHost host = context.hosts().host(h.address(), h.user());
            ExecResult r = host.execute("l=" + quote(h.link()) + "; if [ -L \"$l\" ]; then readlink \"$l\"; else echo '-'; fi; "
                    + "grep -F -- " + quote(marker) + " " + quote(h.history()) + " 2>/dev/null | tail -n 1 | cut -f 4", deployer.core.spi.ExecOptions.DEFAULT);
            if (!r.succeeded()) {
                return "HOSTS unknown (reading the link failed with exit status " + r.exitStatus() + ")";
            }
            List<String> lines = r.stdout().lines().toList();
            String current = lines.isEmpty() ? "-" : lines.get(0).strip();
            Optional<String> rolledBackTo = lines.size() > 1 ? Optional.of(lines.get(1).strip()) : Optional.empty();
            String name = current.substring(current.lastIndexOf('/') + 1);
            if (current.equals(h.previous()) && rolledBackTo.filter(current::equals).isPresent()) {
                return "rolled back HOSTS to " + name;
            }
            if (current.equals(h.previous())) {
                return "HOSTS never changed";
            }
            if (current.equals(h.release())) {
                return "HOSTS left on " + name;
            }
            return "HOSTS on " + (current.equals("-") ? "no release (no link)" : name);
        } catch (HostException e) {
            return "HOSTS unknown (" + e.reason().name() + ": " + e.getMessage() + ")";
        }
    }
}
