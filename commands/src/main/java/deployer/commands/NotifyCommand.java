package deployer.commands;

import deployer.core.spi.CommandArgument;
import static deployer.core.spi.CommandArgument.Type.*;
import static deployer.core.spi.CommandArgument.optional;
import static deployer.core.spi.CommandArgument.required;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import deployer.core.model.Secret;
import deployer.core.spi.Arguments;
import deployer.core.spi.Command;
import deployer.core.spi.CommandContext;
import deployer.core.spi.CommandResult;
import deployer.core.spi.Operator;
import deployer.core.spi.RunProgress;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Posts one JSON message about the run to a webhook ({@code notify: {url: …}}): at its start ({@code event: start})
 * and at its end ({@code event: end}, with the result, the duration and the counts of tasks by status, as the run
 * stands when this task runs — it is planned in the last finishing stage). Its {@code text} field is what chat tools
 * (Slack-style incoming webhooks) show as is. The URL is a secret (tokens live in it): it is never logged or shown.
 *
 * <p>Like the Graphite markers, a notification is a side show: a refused, failing or hanging webhook gets a few
 * bounded attempts ({@code delivery_retries}, each within {@code request_timeout}; not the engine's {@code retries}/{@code timeout}, which would fail the task), then a warning, and the task succeeds.
 */
public final class NotifyCommand implements Command {

    /** Declared once: checked before initialize, listed in COMMANDS.md and the tasklist schema. */
    static final List<CommandArgument> ARGUMENTS = List.of(required("url", STRING, "the webhook; masked everywhere").asSensitive(), required("event", STRING, "`start`|`end`"),
            optional("title", STRING, "Deploy", ""), optional("action", STRING, "deploy", ""), optional("environment", STRING, ""), optional("services", STRINGS, ""),
            optional("version", STRING, ""), optional("hosts", STRINGS, ""), optional("request_timeout", SECONDS, 5, "seconds per attempt, > 0"),
            optional("delivery_retries", WHOLE, 2, "0–10"));

    @Override
    public List<CommandArgument> arguments() {
        return ARGUMENTS;
    }

    @Override
    public String summary() {
        return "posts one JSON message (below) from the deployer machine; a refused connection, a timeout, HTTP 5xx or 429 is tried again (backoff 0.25 s × attempt); what cannot be delivered warns and succeeds, so a webhook outage never fails a deploy";
    }

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    static final long DEFAULT_RETRIES = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Secret url;
    private String event;
    private String title;
    private String action;
    private String environment;
    private List<String> services;
    private String version;
    private List<String> hosts;
    private Duration timeout;
    private int retries;

    @Override
    public String name() {
        return "notify";
    }

    @Override
    public void initialize(Arguments args) {
        url = args.secret("url").orElse(null);
        // Missing or not a string: the declaration's check reported it.
        if (url != null && !validUrl(url.reveal())) {
            // The URL itself is not repeated: it may hold a token.
            args.problem("argument 'url': expected an http:// or https:// URL");
        }
        event = args.string("event");
        if (event != null && !event.equals("start") && !event.equals("end")) {
            args.problem("argument 'event': expected start or end, got '" + event + "'");
        }
        title = args.string("title", "Deploy");
        action = args.string("action", "deploy");
        environment = args.string("environment", "");
        services = args.strings("services", List.of());
        version = args.string("version", "");
        hosts = args.strings("hosts", List.of());
        timeout = args.seconds("request_timeout", DEFAULT_TIMEOUT);
        if (timeout.isZero()) {
            args.problem("argument 'request_timeout': expected more than 0 seconds (a notification never waits forever)");
        }
        long r = args.integer("delivery_retries", DEFAULT_RETRIES);
        if (r < 0 || r > 10) {
            args.problem("argument 'delivery_retries': expected 0 to 10, got " + r);
        }
        retries = (int) r;
    }

    private static boolean validUrl(String text) {
        try {
            URI uri = new URI(text);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    @Override
    public CommandResult execute(CommandContext context) throws InterruptedException {
        Map<String, Object> message = message(context.runId().value(), Operator.current().toString(), context.progress(), Instant.now());
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the notification", e);
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url.reveal())).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        String last = null;
        for (int attempt = 1; attempt <= retries + 1 && !context.stopRequested(); attempt++) {
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    context.log().info("Notification '{}' sent ({} {})", event, status, text(message));
                    return CommandResult.succeeded("notification '" + event + "' sent");
                }
                last = "the webhook answered HTTP " + status;
                if (status < 500 && status != 429) {
                    break; // the request itself is wrong: the same again will not do better
                }
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            if (attempt <= retries) {
                Thread.sleep(Math.min(2000, 250L * attempt));
            }
        }
        String why = context.redaction().mask(last == null ? "the run was aborted" : last);
        context.log().warn("Notification '{}' not delivered ({}); the deploy goes on without it", event, why);
        return CommandResult.succeeded("notification '" + event + "' not delivered: " + why);
    }

    /** The message: the facts as fields, and a one-line summary in {@code text} for chat tools. */
    Map<String, Object> message(String runId, String who, RunProgress progress, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", event);
        m.put("run_id", runId);
        m.put("user", who);
        m.put("action", action);
        m.put("title", title);
        m.put("environment", environment);
        m.put("services", services);
        m.put("version", version);
        m.put("hosts", hosts);
        if ("end".equals(event)) {
            Duration took = Duration.between(progress.started(), now);
            m.put("result", progress.status());
            m.put("duration_seconds", took.toMillis() / 1000.0);
            m.put("counts", progress.counts());
        }
        m.put("text", summary(m));
        return m;
    }

    private String summary(Map<String, Object> m) {
        String where = (environment.isEmpty() ? "" : " [" + environment + "]") + " on " + hosts.size() + (hosts.size() == 1 ? " host" : " hosts")
                + (hosts.isEmpty() ? "" : " (" + String.join(", ", hosts.size() > 5 ? hosts.subList(0, 5) : hosts)
                + (hosts.size() > 5 ? ", …" : "") + ")");
        String who = " by " + m.get("user") + " (run " + m.get("run_id") + ")";
        if (!"end".equals(event)) {
            return title + where + ": started" + who;
        }
        @SuppressWarnings("unchecked")
        Map<String, Long> counts = (Map<String, Long>) m.get("counts");
        String tally = counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
        return title + where + ": " + String.valueOf(m.get("result")).toUpperCase(Locale.ROOT) + " after "
                + Math.round((Double) m.get("duration_seconds")) + " s" + (tally.isEmpty() ? "" : " — tasks: " + tally) + who;
    }

    private static String text(Map<String, Object> message) {
        return String.valueOf(message.get("text"));
    }
}
