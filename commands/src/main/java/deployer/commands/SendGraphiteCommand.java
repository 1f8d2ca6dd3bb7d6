package deployer.commands;

import deployer.core.spi.CommandArgument;
import java.util.List;
import static deployer.core.spi.CommandArgument.Type.*;
import static deployer.core.spi.CommandArgument.optional;
import static deployer.core.spi.CommandArgument.required;

import com.codahale.metrics.graphite.Graphite;
import deployer.core.spi.Arguments;
import deployer.core.spi.Command;
import deployer.core.spi.CommandContext;
import deployer.core.spi.CommandResult;

import javax.net.SocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Sends one metric {@code metric_prefix.metric value now} to carbon (plaintext protocol, via Dropwizard Metrics'
 * Graphite sender), from the deployer's machine. Metrics are a side show: when carbon is down or slow, this warns
 * and succeeds, so a Graphite outage never fails a deploy.
 */
public final class SendGraphiteCommand implements Command {

    /** Declared once: checked before initialize, listed in COMMANDS.md and the tasklist schema. */
    static final List<CommandArgument> ARGUMENTS = List.of(required("metric", STRING, "suffix"), optional("value", NUMBER, 1, ""), required("carbon_host", STRING, ""), optional("carbon_port", WHOLE, 2003, ""), optional("metric_prefix", STRING, ""));

    @Override
    public List<CommandArgument> arguments() {
        return ARGUMENTS;
    }

    @Override
    public String summary() {
        return "sends one metric (Dropwizard Graphite); an outage warns and succeeds";
    }

    static final long DEFAULT_PORT = 2003;
    /** Connecting and writing are bounded: a black-holed carbon host must not stall the deploy. */
    static final Duration NETWORK_TIMEOUT = Duration.ofSeconds(5);

    private String metric;
    private double value;
    private String carbonHost;
    private int carbonPort;
    private Optional<String> prefix;

    @Override
    public String name() {
        return "send_graphite";
    }

    @Override
    public String describe() {
        return "send the metric " + metric + " to carbon at " + carbonHost + ":" + carbonPort;
    }

    @Override
    public void initialize(Arguments args) {
        metric = metricName(args, args.string("metric"), "metric");
        value = args.number("value", 1);
        carbonHost = args.string("carbon_host");
        long port = args.integer("carbon_port", DEFAULT_PORT);
        if (port < 1 || port > 65535) {
            args.problem("argument 'carbon_port': expected a port from 1 to 65535, got " + port);
        }
        carbonPort = (int) port;
        prefix = args.optionalString("metric_prefix").map(p -> metricName(args, p, "metric_prefix"));
        if (carbonHost != null && carbonHost.isBlank()) {
            args.problem("argument 'carbon_host' is empty");
        }
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            args.problem("argument 'value': expected a finite number");
        }
    }

    /** Graphite's line protocol splits on whitespace, and empty path elements make unreachable series. */
    private static String metricName(Arguments args, String name, String key) {
        if (name == null) {
            return null;
        }
        if (name.isEmpty() || name.chars().anyMatch(Character::isWhitespace) || name.startsWith(".")
                || name.endsWith(".") || name.contains("..")) {
            args.problem("argument '" + key + "': expected dot-separated names without spaces, e.g. \"deploy.web.start\", got \""
                    + name + "\"");
        }
        return name;
    }

    String fullName() {
        return prefix.map(p -> p + "." + metric).orElse(metric);
    }

    @Override
    public CommandResult execute(CommandContext context) {
        String name = fullName();
        String formatted = value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
        long timestamp = System.currentTimeMillis() / 1000;
        Graphite graphite = new Graphite(carbonHost, carbonPort, new TimeoutSocketFactory(), StandardCharsets.UTF_8);
        try {
            graphite.connect();
            graphite.send(name, formatted, timestamp);
            graphite.flush();
            graphite.close();
            if (graphite.getFailures() > 0) {
                throw new IOException("the metric could not be written");
            }
        } catch (IOException | RuntimeException e) {
            context.log().warn("Graphite metric {} not sent to {}:{} ({}); the deploy goes on without it",
                    name, carbonHost, carbonPort, e.toString());
            closeQuietly(graphite);
            return CommandResult.succeeded("metric " + name + " not sent: carbon at " + carbonHost + ":" + carbonPort
                    + " unavailable (" + e.getMessage() + ")");
        }
        context.log().info("Sent {} {} {} to {}:{}", name, formatted, timestamp, carbonHost, carbonPort);
        return CommandResult.succeeded("sent " + name + " " + formatted + " to " + carbonHost + ":" + carbonPort);
    }

    private static void closeQuietly(Graphite graphite) {
        try {
            graphite.close();
        } catch (IOException | RuntimeException ignored) {
            // Already failed and warned; nothing more to say.
        }
    }

    /** Dropwizard's Graphite connects through a SocketFactory; this one bounds connect and write time. */
    private static final class TimeoutSocketFactory extends SocketFactory {
        private final int millis = (int) NETWORK_TIMEOUT.toMillis();

        @Override
        public Socket createSocket(InetAddress address, int port) throws IOException {
            Socket socket = new Socket();
            try {
                socket.setSoTimeout(millis);
                socket.connect(new InetSocketAddress(address, port), millis);
                return socket;
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return createSocket(InetAddress.getByName(host), port);
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return createSocket(host, port);
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return createSocket(address, port);
        }
    }
}
