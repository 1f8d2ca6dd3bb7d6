import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The demo service: answers GET /health (for the deployer's health check) and GET / on its host's own address, so
 * loopback "hosts" 127.0.0.101, 127.0.0.102, … can all use one port. Run by bin/ctl with `java Server.java`.
 * It stops by itself after an hour, so a forgotten demo does not keep JVMs around.
 *
 * Usage: java Server.java HOST PORT VERSION
 */
public class Server {

    public static void main(String[] args) throws IOException {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String version = args[2];
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
        server.createContext("/health", ex -> answer(ex, "OK demo-web " + version + " on " + host + ":" + port + "\n"));
        server.createContext("/", ex -> answer(ex, "Hello from demo-web " + version + " on " + host + "\n"));
        server.start();
        System.out.println("demo-web " + version + " listening on " + host + ":" + port);
        Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lifetime");
            t.setDaemon(true);
            return t;
        }).schedule(() -> System.exit(0), 1, TimeUnit.HOURS);
    }

    private static void answer(HttpExchange ex, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
