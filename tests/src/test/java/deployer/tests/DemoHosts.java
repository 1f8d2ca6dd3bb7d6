package deployer.tests;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo service (conf/demo: demo-web, packages v1 to v3) released to hosts that share this machine: each host has
 * its own root folder {@code <root>/<host>} and the service binds the host's own address on one port. What the
 * end-to-end tests look at: each host's release link and releases, and the service's HTTP answers.
 */
final class DemoHosts {

    static final String SERVICE = "demo-web";
    static final String V1 = "1f3a9c2-20240501120000";
    static final String V2 = "7be41d0-20240601120000";
    static final String V3 = "c0ffee1-20240701120000";

    private final Path root;
    private final List<String> hosts;
    private final int port;

    DemoHosts(Path root, List<String> hosts, int port) {
        this.root = root;
        this.hosts = List.copyOf(hosts);
        this.port = port;
    }

    List<String> hosts() {
        return hosts;
    }

    Path root(String host) {
        return root.resolve(host);
    }

    /** The release the host's {@code demo-web} link points to, e.g. {@code demo-web_<version>}. */
    String current(String host) throws IOException {
        return Files.readSymbolicLink(root(host).resolve(SERVICE)).getFileName().toString();
    }

    /** The release folders installed on the host. */
    List<String> releases(String host) throws IOException {
        try (Stream<Path> s = Files.list(root(host))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(SERVICE + "_")).toList();
        }
    }

    /** GET /health on the host: must answer 200; returns the body. */
    String health(String host) throws IOException {
        HttpURLConnection c = (HttpURLConnection) url(host).toURL().openConnection();
        c.setConnectTimeout(2000);
        c.setReadTimeout(5000);
        assertThat(c.getResponseCode()).isEqualTo(200);
        try (InputStream in = c.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Whether the host answers GET /health with 200 right now. */
    boolean answers(String host) {
        try {
            HttpURLConnection c = (HttpURLConnection) url(host).toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(3000);
            return c.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Starts looking at every host about every 50 ms, all hosts at once per look, until {@link Watch#stop}; each look
     * records how many hosts answered.
     */
    Watch watch() {
        return new Watch();
    }

    /** A background watcher of {@link #answers}. */
    final class Watch {
        private final AtomicBoolean watching = new AtomicBoolean(true);
        private final List<Integer> upPerSample = Collections.synchronizedList(new ArrayList<>());
        private final CompletableFuture<Void> watcher;

        private Watch() {
            watcher = CompletableFuture.runAsync(() -> {
                while (watching.get()) {
                    List<CompletableFuture<Boolean>> checks = hosts.stream().map(h -> CompletableFuture.supplyAsync(() -> answers(h))).toList();
                    upPerSample.add((int) checks.stream().filter(CompletableFuture::join).count());
                    sleep(50);
                }
            });
        }

        /** Stops watching; returns how many hosts answered in each look, in order. */
        List<Integer> stop() {
            watching.set(false);
            watcher.join();
            return List.copyOf(upPerSample);
        }
    }

    /**
     * Stops the service on every host with its installed control script ({@code bin/ctl stop}) and waits until the
     * process is gone, so that no service outlives the test.
     */
    void stopServices() throws IOException, InterruptedException {
        List<ProcessHandle> stopped = new ArrayList<>();
        for (String h : hosts) {
            Path ctl = root(h).resolve(SERVICE + "/bin/ctl");
            pid(h).flatMap(ProcessHandle::of).filter(DemoHosts::isDemoService).ifPresent(stopped::add);
            if (Files.exists(ctl)) {
                new ProcessBuilder("sh", ctl.toString(), "stop").inheritIO().start().waitFor();
            }
        }
        stopped.forEach(DemoHosts::awaitExit);
    }

    private Optional<Long> pid(String host) throws IOException {
        Path pidFile = root(host).resolve("run/" + SERVICE + ".pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(Files.readString(pidFile).strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A pid file can outlive its process: only a JVM running the demo's Server.java is waited for. */
    private static boolean isDemoService(ProcessHandle p) {
        return p.info().arguments().map(args -> Arrays.stream(args).anyMatch(a -> a.endsWith("/Server.java"))).orElse(false);
    }

    /** Waits for a stopped service to exit; one that ignores the stop for 20 s is killed. */
    private static void awaitExit(ProcessHandle p) {
        try {
            p.onExit().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
        }
    }

    private URI url(String host) {
        return URI.create("http://" + host + ":" + port + "/health");
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
