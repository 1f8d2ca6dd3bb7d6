package deployer.commands.gates;

import deployer.core.spi.Arguments;
import deployer.core.spi.Command;
import deployer.core.spi.CommandArgument;
import deployer.core.spi.CommandContext;
import deployer.core.spi.CommandResult;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static deployer.core.spi.CommandArgument.Type.SECONDS;
import static deployer.core.spi.CommandArgument.Type.STRING;
import static deployer.core.spi.CommandArgument.Type.STRINGS;
import static deployer.core.spi.CommandArgument.Type.WHOLE;
import static deployer.core.spi.CommandArgument.optional;
import static deployer.core.spi.CommandArgument.required;

/**
 * An {@code http} gate: GETs {@code url} for each of the batch's {@code hosts} ({@code {host}} filled in) from this
 * machine, all hosts at once, every {@code every} seconds for {@code for} seconds. Every answer must have status
 * {@code expect} and, if given, contain {@code body_contains}; the first that does not fails the gate, naming the
 * host, the URL and what came back.
 */
public final class HttpGateCommand implements Command {

    static final List<CommandArgument> ARGUMENTS = List.of(
            required("url", STRING, "the URL; {host} is filled with each host"),
            required("hosts", STRINGS, "the batch's hosts"),
            optional("expect", WHOLE, 200, "the HTTP status every answer must have"),
            optional("body_contains", STRING, "text every answer's body must contain"),
            optional("every", SECONDS, 10, "seconds between two looks"),
            optional("for", SECONDS, 120, "seconds the looks go on (at least `every`)"),
            Gates.AFTER);

    /** The longest one request may take: a host that does not answer within it has missed. */
    private static final Duration REQUEST_LIMIT = Duration.ofSeconds(10);

    private final GateWindow window;
    private Map<String, URI> urls;
    private String url;
    private long expect;
    private String bodyContains;
    private Duration every;
    private Duration length;
    private String after;

    public HttpGateCommand() {
        this(new GateWindow());
    }

    HttpGateCommand(GateWindow window) {
        this.window = window;
    }

    @Override
    public String name() {
        return "gate_http";
    }

    @Override
    public List<CommandArgument> arguments() {
        return ARGUMENTS;
    }

    @Override
    public String summary() {
        return "a gate between deploy batches: GETs `url` for each of `hosts` every `every` seconds for `for` seconds;"
                + " any answer without status `expect` (or without `body_contains`) fails it GATE_FAILED, naming the host, the URL and what came back";
    }

    @Override
    public boolean idempotent() {
        return true;
    }

    @Override
    public String describe() {
        return "probe " + url + " on " + urls.size() + " host" + (urls.size() == 1 ? "" : "s") + " for " + Gates.format(length) + " after " + after;
    }

    @Override
    public void initialize(Arguments args) {
        url = args.string("url");
        after = args.string("after", "the batch");
        expect = args.integer("expect", 200);
        bodyContains = args.string("body_contains", null);
        Gates.Window w = Gates.Window.read(args, Duration.ofSeconds(10), Duration.ofSeconds(120));
        every = w.every();
        length = w.length();
        if (expect < 100 || expect > 599) {
            args.problem("argument 'expect': expected an HTTP status from 100 to 599, got " + expect);
        }
        urls = new LinkedHashMap<>();
        List<String> hosts = args.strings("hosts", List.of());
        if (args.has("hosts") && hosts.isEmpty()) {
            args.problem("argument 'hosts' is empty; expected the batch's hosts");
        }
        for (String host : hosts) {
            String text = url == null ? "" : url.replace("{host}", host);
            try {
                URI uri = new URI(text);
                if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                    args.problem("argument 'url': expected an http:// or https:// URL with a host, got \"" + text + "\"");
                    return;
                }
                urls.put(host, uri);
            } catch (java.net.URISyntaxException e) {
                args.problem("argument 'url' for host " + host + ": not a URL: " + e.getMessage());
                return;
            }
        }
    }

    @Override
    public CommandResult execute(CommandContext context) throws Exception {
        String what = "http gate after " + after;
        HttpClient client = HttpClient.newBuilder().connectTimeout(REQUEST_LIMIT).followRedirects(HttpClient.Redirect.NORMAL).build();
        context.log().info("Probing {} host{} every {} for {}: GET {} wants HTTP {}{}", urls.size(), urls.size() == 1 ? "" : "s",
                Gates.format(every), Gates.format(length), url, expect, bodyContains == null ? "" : " containing '" + bodyContains + "'");
        GateWindow.Outcome outcome = window.hold(context, what, every, length, () -> look(client));
        String wanted = "HTTP " + expect + (bodyContains == null ? "" : " containing '" + bodyContains + "'");
        return switch (outcome.state()) {
            case HELD -> CommandResult.succeeded(what + " passed: " + urls.size() + " host" + (urls.size() == 1 ? "" : "s")
                    + " answered " + wanted + " in all " + outcome.looks() + " looks over " + Gates.format(outcome.elapsed()) + " (GET " + url + ")");
            case MISSED -> CommandResult.failed(Gates.GATE_FAILED, what + " failed after " + Gates.format(outcome.elapsed())
                    + " (look " + outcome.looks() + "): " + outcome.miss() + "; expected " + wanted);
            case STOPPED -> Gates.stopped(what, outcome.elapsed());
        };
    }

    /** One look at every host at once; the first miss in host order, or null. */
    private String look(HttpClient client) throws InterruptedException {
        Map<String, CompletableFuture<String>> answers = new LinkedHashMap<>();
        urls.forEach((host, uri) -> answers.put(host, client.sendAsync(HttpRequest.newBuilder(uri).timeout(REQUEST_LIMIT).GET().build(),
                HttpResponse.BodyHandlers.ofString()).handle((response, error) -> judge(host, uri, response, error))));
        List<String> misses = new ArrayList<>();
        for (CompletableFuture<String> a : answers.values()) {
            try {
                String miss = a.get();
                if (miss != null) {
                    misses.add(miss);
                }
            } catch (ExecutionException e) {
                misses.add(e.getCause().toString());
            } catch (InterruptedException e) {
                answers.values().forEach(f -> f.cancel(true));
                throw e;
            }
        }
        return misses.isEmpty() ? null : String.join("; ", misses);
    }

    private String judge(String host, URI uri, HttpResponse<String> response, Throwable error) {
        if (error != null) {
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
            String why = cause instanceof ConnectException ? "connection refused"
                    : cause instanceof HttpTimeoutException ? "no answer within " + Gates.format(REQUEST_LIMIT)
                    : cause instanceof IOException ? "request failed: " + cause : cause.toString();
            return "host " + host + ": GET " + uri + ": " + why;
        }
        boolean statusOk = response.statusCode() == expect;
        boolean bodyOk = bodyContains == null || response.body().contains(bodyContains);
        if (statusOk && bodyOk) {
            return null;
        }
        return "host " + host + ": GET " + uri + " answered HTTP " + response.statusCode() + (bodyOk ? "" : " without '" + bodyContains + "'")
                + ", body: " + Gates.snippet(response.body());
    }
}
