package deployer.core.testing;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on loopback (the JDK's com.sun.net.httpserver) serving the files of a directory, for releases
 * fetched from a URL: it counts the GETs of each path, answers 404 for what is not there, and (with
 * {@link #requireLogin}) asks for HTTP basic authentication.
 */
public final class FileServer implements AutoCloseable {

    private final HttpServer server;
    private final Path root;
    private final Map<String, AtomicInteger> gets = new ConcurrentHashMap<>();

    private FileServer(Path root, String user, String password) throws IOException {
        this.root = root;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        HttpContext context = server.createContext("/", this::serve);
        if (user != null) {
            context.setAuthenticator(new BasicAuthenticator("releases") {
                @Override
                public boolean checkCredentials(String u, String p) {
                    return user.equals(u) && password.equals(p);
                }
            });
        }
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
    }

    /** Serves {@code root} to anyone. */
    public static FileServer serving(Path root) throws IOException {
        return new FileServer(root, null, null);
    }

    /** Serves {@code root} only to requests that log in with these credentials (else 401). */
    public static FileServer requireLogin(Path root, String user, String password) throws IOException {
        return new FileServer(root, user, password);
    }

    /** {@code http://127.0.0.1:PORT/path}. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + path;
    }

    /** How many GETs of {@code /path} were answered (whatever the status). */
    public int gets(String path) {
        AtomicInteger n = gets.get("/" + path);
        return n == null ? 0 : n.get();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            gets.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            Path file = root.resolve(path.substring(1)).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                byte[] body = "not found\n".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(404, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            exchange.sendResponseHeaders(200, Files.size(file));
            try (OutputStream out = exchange.getResponseBody()) {
                Files.copy(file, out);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
