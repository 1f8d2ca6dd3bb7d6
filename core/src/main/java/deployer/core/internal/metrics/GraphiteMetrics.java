package deployer.core.internal.metrics;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricFilter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.graphite.Graphite;
import com.codahale.metrics.graphite.GraphiteReporter;
import com.codahale.metrics.graphite.GraphiteSender;
import deployer.core.config.Config;
import deployer.core.config.CoreSchema;
import deployer.core.model.InvalidInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.SocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Sends a run's {@link RunMetrics} to carbon once the run has ended, through Dropwizard Metrics' Graphite reporter
 * (plaintext protocol), when the config has a {@code graphite} block — beside the deploy's own start/end markers
 * ({@code send_graphite} tasks). Metrics are a side show: an unreachable or slow carbon only warns, in one line.
 */
public final class GraphiteMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(GraphiteMetrics.class);
    /** Connecting and writing are bounded: a black-holed carbon host must not hold up the end of a run. */
    static final Duration NETWORK_TIMEOUT = Duration.ofSeconds(5);

    private final String host;
    private final int port;
    private final String prefix;

    private GraphiteMetrics(String host, int port, String prefix) {
        this.host = host;
        this.port = port;
        this.prefix = prefix;
    }

    /** From the config's {@code graphite.{carbon_host, carbon_port, metric_prefix}}; empty without carbon_host. */
    public static Optional<GraphiteMetrics> from(Config config) throws InvalidInputException {
        Optional<String> host = config.string("graphite", "carbon_host").filter(h -> !h.isBlank());
        if (host.isEmpty()) {
            return Optional.empty();
        }
        long port = config.whole(CoreSchema.CARBON_PORT, "graphite");
        return Optional.of(new GraphiteMetrics(host.get(), (int) port, config.string("graphite", "metric_prefix").orElse(null)));
    }

    /** Sends the values; returns whether carbon took them (a failure has been warned about). */
    public boolean send(RunMetrics metrics) {
        Map<String, Double> values = metrics.values();
        if (values.isEmpty()) {
            return true;
        }
        MetricRegistry registry = new MetricRegistry();
        values.forEach((name, value) -> registry.register(name, (Gauge<Double>) () -> value));
        RecordingSender sender = new RecordingSender(new Graphite(host, port, new TimeoutSocketFactory(), StandardCharsets.UTF_8));
        GraphiteReporter reporter = GraphiteReporter.forRegistry(registry)
                .prefixedWith(prefix)
                .convertDurationsTo(TimeUnit.MILLISECONDS)
                .filter(MetricFilter.ALL)
                .build(sender);
        reporter.report();
        if (sender.failure != null) {
            LOG.warn("Run metrics not sent to carbon at {}:{} ({}); the run's result is unchanged", host, port, sender.failure.toString());
            return false;
        }
        LOG.info("Sent {} run metrics to carbon at {}:{}{}", values.size(), host, port, prefix == null ? "" : " under " + prefix);
        return true;
    }

    /**
     * Keeps the first I/O failure instead of throwing it, so the reporter (which would log it with a stack trace)
     * never sees it; {@link #send} warns once, in words.
     */
    private static final class RecordingSender implements GraphiteSender {
        private final Graphite delegate;
        private IOException failure;

        RecordingSender(Graphite delegate) {
            this.delegate = delegate;
        }

        @Override
        public void connect() {
            if (failure == null && !delegate.isConnected()) {
                try {
                    delegate.connect();
                } catch (IOException | IllegalStateException e) {
                    failure = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
                }
            }
        }

        @Override
        public void send(String name, String value, long timestamp) {
            if (failure == null) {
                try {
                    delegate.send(name, value, timestamp);
                } catch (IOException e) {
                    failure = e;
                }
            }
        }

        @Override
        public void flush() {
            if (failure == null) {
                try {
                    delegate.flush();
                } catch (IOException e) {
                    failure = e;
                }
            }
            if (failure == null && delegate.getFailures() > 0) {
                failure = new IOException("carbon did not take every metric");
            }
        }

        @Override
        public boolean isConnected() {
            return failure == null && delegate.isConnected();
        }

        @Override
        public int getFailures() {
            return delegate.getFailures();
        }

        @Override
        public void close() {
            try {
                delegate.close();
            } catch (IOException ignored) {
                // Closing after a failure: already recorded.
            }
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
