package deployer.commands.gates;

import deployer.core.json.Node;
import deployer.core.json.NodeReader;
import deployer.core.model.InvalidInputException;
import deployer.core.spi.Arguments;
import deployer.core.spi.Command;
import deployer.core.spi.CommandArgument;
import deployer.core.spi.CommandContext;
import deployer.core.spi.CommandResult;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static deployer.core.spi.CommandArgument.Type.NUMBER;
import static deployer.core.spi.CommandArgument.Type.SECONDS;
import static deployer.core.spi.CommandArgument.Type.STRING;
import static deployer.core.spi.CommandArgument.optional;
import static deployer.core.spi.CommandArgument.required;

/**
 * A {@code prometheus} gate: a PromQL instant query against Prometheus's HTTP API ({@code url}/api/v1/query) every
 * {@code every} seconds for {@code for} seconds; every value it returns (each series of a vector, or a scalar) must
 * stay within {@code min}..{@code max}. A value out of bounds, a query that returns nothing (no data is no evidence),
 * NaN, or a query Prometheus rejects ({@code errorType} and {@code error} as it says them) fails the gate.
 */
public final class PrometheusGateCommand implements Command {

    static final List<CommandArgument> ARGUMENTS = List.of(
            required("url", STRING, "Prometheus's base URL"),
            required("query", STRING, "a PromQL instant query"),
            optional("max", NUMBER, "the highest value allowed"),
            optional("min", NUMBER, "the lowest value allowed"),
            optional("every", SECONDS, 15, "seconds between two queries"),
            optional("for", SECONDS, 120, "seconds the queries go on (at least `every`)"),
            Gates.AFTER);

    private static final Duration REQUEST_LIMIT = Duration.ofSeconds(10);

    private final GateWindow window;
    private URI endpoint;
    private String query;
    private Double min;
    private Double max;
    private Duration every;
    private Duration length;
    private String after;

    public PrometheusGateCommand() {
        this(new GateWindow());
    }

    PrometheusGateCommand(GateWindow window) {
        this.window = window;
    }

    @Override
    public String name() {
        return "gate_prometheus";
    }

    @Override
    public List<CommandArgument> arguments() {
        return ARGUMENTS;
    }

    @Override
    public String summary() {
        return "a gate between deploy batches: asks Prometheus (`url`/api/v1/query) `query` every `every` seconds for `for` seconds;"
                + " a value outside `min`..`max`, no data, NaN or a query Prometheus rejects (its errorType and error) fails it GATE_FAILED";
    }

    @Override
    public boolean idempotent() {
        return true;
    }

    @Override
    public String describe() {
        return "query " + query + " for " + Gates.format(length) + " after " + after;
    }

    @Override
    public void initialize(Arguments args) {
        query = args.string("query");
        after = args.string("after", "the batch");
        min = args.has("min") ? args.number("min", 0) : null;
        max = args.has("max") ? args.number("max", 0) : null;
        Gates.Window w = Gates.Window.read(args, Duration.ofSeconds(15), Duration.ofSeconds(120));
        every = w.every();
        length = w.length();
        if (min == null && max == null) {
            args.problem("expected 'max' or 'min' (or both): the bounds the query's value must stay within");
        } else if (min != null && max != null && min > max) {
            args.problem("argument 'min' (" + min + ") is above 'max' (" + max + ")");
        }
        String base = args.string("url", "");
        try {
            URI uri = new URI(base.replaceAll("/+$", "") + "/api/v1/query");
            if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                args.problem("argument 'url': expected Prometheus's http:// or https:// base URL, got \"" + base + "\"");
            }
            endpoint = uri;
        } catch (java.net.URISyntaxException e) {
            args.problem("argument 'url': not a URL: " + e.getMessage());
        }
    }

    @Override
    public CommandResult execute(CommandContext context) throws Exception {
        String what = "prometheus gate after " + after;
        HttpClient client = HttpClient.newBuilder().connectTimeout(REQUEST_LIMIT).build();
        context.log().info("Querying {} every {} for {}: {} within {}", endpoint, Gates.format(every), Gates.format(length), query, bounds());
        List<String> lastValues = new ArrayList<>();
        GateWindow.Outcome outcome = window.hold(context, what, every, length, () -> look(client, lastValues));
        return switch (outcome.state()) {
            case HELD -> CommandResult.succeeded(what + " passed: " + query + " stayed within " + bounds() + " in all " + outcome.looks()
                    + " queries over " + Gates.format(outcome.elapsed()) + "; last value" + (lastValues.size() == 1 ? " " : "s ") + String.join(", ", lastValues));
            case MISSED -> CommandResult.failed(Gates.GATE_FAILED, what + " failed after " + Gates.format(outcome.elapsed())
                    + " (query " + outcome.looks() + "): " + outcome.miss());
            case STOPPED -> Gates.stopped(what, outcome.elapsed());
        };
    }

    private String bounds() {
        return (min == null ? "" : format(min) + " ≤ ") + "value" + (max == null ? "" : " ≤ " + format(max));
    }

    /** One query: null when every value is within bounds; the values seen go to {@code values}. */
    private String look(HttpClient client, List<String> values) throws InterruptedException {
        URI uri = URI.create(endpoint + "?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        HttpResponse<String> response;
        try {
            response = client.send(HttpRequest.newBuilder(uri).timeout(REQUEST_LIMIT).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return "asking " + endpoint + " failed: " + e;
        }
        Node answer;
        try {
            answer = NodeReader.readJson(response.body(), endpoint.toString());
        } catch (InvalidInputException e) {
            return endpoint + " answered HTTP " + response.statusCode() + " with no Prometheus answer: " + Gates.snippet(response.body());
        }
        Map<String, Node> top = answer.isMap() ? answer.asMap() : Map.of();
        if (!"success".equals(text(top.get("status")))) {
            return "Prometheus rejected the query " + query + " (HTTP " + response.statusCode() + "): "
                    + text(top.get("errorType")) + ": " + text(top.get("error"));
        }
        Node data = top.get("data");
        Node result = data != null && data.isMap() ? data.asMap().get("result") : null;
        String type = data != null && data.isMap() ? text(data.asMap().get("resultType")) : "";
        List<Sample> samples = new ArrayList<>();
        if ("scalar".equals(type) && result != null && result.isList()) {
            samples.add(new Sample("scalar", result));
        } else if ("vector".equals(type) && result != null && result.isList()) {
            for (Node series : result.asList()) {
                samples.add(new Sample(series.asMap().get("metric").toPlain().toString(), series.asMap().get("value")));
            }
        } else {
            return "query " + query + " gave a " + type + ", expected an instant vector or a scalar";
        }
        if (samples.isEmpty()) {
            return "query " + query + " returned no data (no series): no evidence the batch is well";
        }
        values.clear();
        for (Sample s : samples) {
            String raw = text(s.value().asList().get(1));
            double v = parse(raw);
            values.add(raw);
            if (Double.isNaN(v) || (max != null && v > max) || (min != null && v < min)) {
                return "query " + query + " = " + raw + (samples.size() == 1 && s.series().equals("{}") ? "" : " for " + s.series())
                        + ", outside " + bounds();
            }
        }
        return null;
    }

    private record Sample(String series, Node value) {
    }

    private static double parse(String raw) {
        try {
            return Double.parseDouble(raw.replace("+Inf", "Infinity").replace("-Inf", "-Infinity"));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String text(Node n) {
        return n == null || n.value() == null ? "" : String.valueOf(n.value());
    }

    private static String format(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : String.format(Locale.ROOT, "%s", d);
    }
}
