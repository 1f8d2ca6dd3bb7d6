package deployer.core.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real carbon-cache (Debian package graphite-carbon) on 127.0.0.1 with its own config, ports and storage under
 * a directory of the test's, keeping every metric at 1 s resolution for an hour. {@link #values} reads what
 * arrived with {@code whisper-fetch}. Shared by every module's tests; {@link #close} stops it by its pid.
 */
public final class CarbonCache implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Path dir;
    private final int linePort;
    private final long pid;

    private CarbonCache(Path dir, int linePort, long pid) {
        this.dir = dir;
        this.linePort = linePort;
        this.pid = pid;
    }

    /** Starts carbon-cache with config, storage, logs and pid file in {@code dir}; returns once it accepts metrics. */
    public static CarbonCache start(Path dir) throws IOException, InterruptedException {
        int linePort = freePort();
        int picklePort = freePort();
        int queryPort = freePort();
        Path storage = Files.createDirectories(dir.resolve("storage/whisper"));
        Path logs = Files.createDirectories(dir.resolve("log"));
        Path conf = dir.resolve("carbon.conf");
        Files.writeString(conf, String.join("\n",
                "[cache]",
                "STORAGE_DIR = " + dir.resolve("storage") + "/",
                "LOCAL_DATA_DIR = " + storage + "/",
                "WHITELISTS_DIR = " + dir.resolve("storage/lists") + "/",
                "CONF_DIR = " + dir + "/",
                "LOG_DIR = " + logs + "/",
                "PID_DIR = " + dir + "/",
                "USER =",
                "DATABASE = whisper",
                "MAX_CACHE_SIZE = inf",
                "MAX_UPDATES_PER_SECOND = 1000",
                "MAX_CREATES_PER_MINUTE = inf",
                "LINE_RECEIVER_INTERFACE = 127.0.0.1",
                "LINE_RECEIVER_PORT = " + linePort,
                "ENABLE_UDP_LISTENER = False",
                "PICKLE_RECEIVER_INTERFACE = 127.0.0.1",
                "PICKLE_RECEIVER_PORT = " + picklePort,
                "CACHE_QUERY_INTERFACE = 127.0.0.1",
                "CACHE_QUERY_PORT = " + queryPort,
                // No self-reported carbon.* metrics: the storage then holds only what the test sent.
                "CARBON_METRIC_INTERVAL = 0",
                ""));
        Files.writeString(dir.resolve("storage-schemas.conf"), "[everything]\npattern = .*\nretentions = 1s:1h\n");
        Path pidFile = dir.resolve("carbon-cache.pid");
        Process p = new ProcessBuilder("carbon-cache", "--config=" + conf, "--pidfile=" + pidFile, "--logdir=" + logs, "start")
                .redirectErrorStream(true).redirectOutput(dir.resolve("start.out").toFile()).start();
        if (!p.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("carbon-cache did not start (is graphite-carbon installed?): "
                    + Files.readString(dir.resolve("start.out")));
        }
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        CarbonCache carbon = new CarbonCache(dir, linePort, pid);
        carbon.awaitListening();
        return carbon;
    }

    public String host() {
        return "127.0.0.1";
    }

    /** The plaintext (line protocol) port. */
    public int port() {
        return linePort;
    }

    /**
     * Waits until the metric's whisper file holds at least one value and returns its values (oldest first).
     * Carbon writes asynchronously, so this polls; it gives up after {@code timeout} with an empty list.
     */
    public List<Double> values(String metric, Duration timeout) throws IOException, InterruptedException {
        Path wsp = dir.resolve("storage/whisper").resolve(metric.replace('.', '/') + ".wsp");
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            if (Files.exists(wsp)) {
                List<Double> values = fetch(wsp);
                if (!values.isEmpty()) {
                    return values;
                }
            }
            if (Instant.now().isAfter(deadline)) {
                return List.of();
            }
            Thread.sleep(50);
        }
    }

    private static List<Double> fetch(Path wsp) throws IOException, InterruptedException {
        long from = Instant.now().getEpochSecond() - 3600 + 5;
        Process p = new ProcessBuilder("whisper-fetch", "--from=" + from, wsp.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("whisper-fetch " + wsp + " failed: " + out);
        }
        List<Double> values = new ArrayList<>();
        for (String line : out.split("\n")) {
            String[] cols = line.strip().split("\\s+");
            if (cols.length == 2 && !cols[1].equals("None")) {
                values.add(Double.parseDouble(cols[1]));
            }
        }
        return values;
    }

    private void awaitListening() throws InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), linePort), 1000);
                return;
            } catch (IOException notYet) {
                if (Instant.now().isAfter(deadline)) {
                    close();
                    throw new IllegalStateException("carbon-cache (pid " + pid + ") is not listening on " + linePort
                            + " after " + START_TIMEOUT.toSeconds() + " s; see " + dir.resolve("log"));
                }
                Thread.sleep(50);
            }
        }
    }

    /** Stops carbon-cache by its pid and waits until it has exited. */
    @Override
    public void close() {
        ProcessHandle.of(pid).ifPresent(h -> {
            h.destroy();
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        });
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
