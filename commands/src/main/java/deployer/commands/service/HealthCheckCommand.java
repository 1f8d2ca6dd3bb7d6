package deployer.commands.service;

import deployer.core.spi.CommandArgument;
import java.util.List;
import static deployer.core.spi.CommandArgument.Type.*;
import static deployer.core.spi.CommandArgument.optional;
import static deployer.core.spi.CommandArgument.required;

import deployer.commands.support.Poller;
import deployer.commands.support.ShellCheck;
import deployer.commands.support.Template;
import deployer.commands.support.TemplateValues;
import deployer.commands.support.Waits;
import deployer.core.spi.Arguments;
import deployer.core.spi.Command;
import deployer.core.spi.CommandContext;
import deployer.core.spi.CommandResult;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * Waits until a service is healthy: either a shell command ({@code shell}) run on the host exits 0, or a {@code url} fetched
 * from this (the deployer's) machine answers 2xx. Exactly one of the two.
 */
public final class HealthCheckCommand implements Command {

    /** Declared once: checked before initialize, listed in COMMANDS.md and the tasklist schema. */
    static final List<CommandArgument> ARGUMENTS = TemplateValues.arguments(false, optional("shell", STRING, "template, run on the host; exactly one of shell and url"), optional("url", STRING, "template; checked from the deployer machine, wants 2xx; exactly one of shell and url"), Waits.timeoutArgument("check_timeout"), Waits.INTERVAL);

    @Override
    public List<CommandArgument> arguments() {
        return ARGUMENTS;
    }

    @Override
    public String summary() {
        return "polls until healthy or TIMEOUT";
    }

    private TemplateValues values;
    private Template command;
    private URI url;
    private Duration timeout;
    private Duration interval;

    @Override
    public String name() {
        return "health_check";
    }

    /** Running it again is safe: only checks. */
    @Override
    public boolean idempotent() {
        return true;
    }

    @Override
    public String describe() {
        return "wait until " + values.get("servicename").orElse("the service") + " is healthy: " + (url != null ? "GET " + url : values.fill(command));
    }

    @Override
    public void initialize(Arguments args) {
        values = TemplateValues.read(args, false);
        command = values.optional("shell", Template.Kind.SHELL);
        Template urlTemplate = values.optional("url", Template.Kind.TEXT);
        if (args.has("shell") == args.has("url")) {
            args.problem("expected exactly one of the arguments 'shell' (a command run on the host) and 'url' (fetched"
                    + " from the deployer), got " + (args.has("shell") ? "both" : "neither"));
        }
        if (urlTemplate != null) {
            url = parseUrl(args, values.fill(urlTemplate));
        }
        timeout = Waits.timeout(args, "check_timeout");
        interval = Waits.interval(args);
    }

    private static URI parseUrl(Arguments args, String text) {
        try {
            URI uri = new URI(text);
            if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                args.problem("argument 'url': expected an http:// or https:// URL with a host, got \"" + text + "\"");
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            args.problem("argument 'url': not a URL: " + e.getMessage());
            return null;
        }
    }

    @Override
    public CommandResult execute(CommandContext context) throws Exception {
        String service = values.get("servicename").orElse("service");
        Poller.Check check = command != null
                ? new ShellCheck(context, values.fill(command), ShellCheck.Want.EXIT_ZERO)
                : new HttpCheck(url);
        String what = service + " healthy on " + values.get("hostname").orElseThrow();
        Poller.Outcome outcome = new Poller().poll(context, what, timeout, interval, check);
        return outcome.reached() ? CommandResult.succeeded(what + " (" + outcome.last().detail() + ")") : outcome.failure(what);
    }
}
