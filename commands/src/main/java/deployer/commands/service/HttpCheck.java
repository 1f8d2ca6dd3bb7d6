package deployer.commands.service;

import deployer.commands.support.Poller;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;

/**
 * An HTTP GET from this machine for {@link Poller}: a 2xx answer is healthy. Refused connections, time-outs
 * and other answers mean "not yet"; the last of them is reported if the wait runs out.
 */
final class HttpCheck implements Poller.Check {

    /** The longest a single request may take, so one stuck request does not use up the whole wait. */
    private static final Duration MAX_REQUEST = Duration.ofSeconds(10);
    private static final Duration MIN_REQUEST = Duration.ofSeconds(1);

    private final HttpClient client;
    private final URI uri;

    HttpCheck(URI uri) {
        this.uri = uri;
        this.client = HttpClient.newBuilder().connectTimeout(MAX_REQUEST)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    @Override
    public Poller.Probe probe(Duration remaining) throws InterruptedException {
        Duration limit = remaining.compareTo(MAX_REQUEST) > 0 ? MAX_REQUEST
                : remaining.compareTo(MIN_REQUEST) < 0 ? MIN_REQUEST : remaining;
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(limit).GET().build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            return new Poller.Probe(status >= 200 && status < 300, "HTTP " + status + " from " + uri, List.of());
        } catch (ConnectException e) {
            return new Poller.Probe(false, "connection refused by " + uri, List.of());
        } catch (HttpTimeoutException e) {
            return new Poller.Probe(false, "no answer from " + uri + " within " + limit.toSeconds() + " s", List.of());
        } catch (IOException e) {
            return new Poller.Probe(false, "request to " + uri + " failed: " + e, List.of());
        }
    }
}
