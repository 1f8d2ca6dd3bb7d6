package deployer.commands.files;

import deployer.commands.support.Failures;
import deployer.commands.support.PathArguments;
import deployer.core.model.Secret;
import deployer.core.spi.Arguments;
import deployer.core.spi.Command;
import deployer.core.spi.CommandArgument;
import deployer.core.spi.CommandContext;
import deployer.core.spi.CommandResult;
import deployer.core.spi.ExecOptions;
import deployer.core.spi.ExecResult;
import deployer.core.spi.FailureReason;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import static deployer.core.spi.CommandArgument.Type.STRING;
import static deployer.core.spi.CommandArgument.optional;
import static deployer.core.spi.CommandArgument.required;
import static deployer.core.spi.Shell.quote;

/**
 * Puts a release package from a URL into {@code destination/<file name>} on the host, verified by its SHA-256.
 * {@code fetch: controller}: this machine downloads it once into its cache (kept by checksum) and uploads it, as
 * {@code upload} does. {@code fetch: hosts}: the host downloads it itself with curl or wget, resumable, and checks it
 * with {@code sha256sum -c} before it gets its name; nothing is uploaded. Either way a package whose bytes do not
 * match fails the task, saying expected and got. Credentials never reach a command line: the controller sends them
 * as an HTTP header; a host gets them in a 0600 file written from stdin and removed when the download ends.
 */
public final class FetchReleaseCommand implements Command {

    static final String CONTROLLER = "controller";
    static final String HOSTS = "hosts";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    static final List<CommandArgument> ARGUMENTS = List.of(
            required("url", STRING, "http(s) URL of the package; its last path segment is the file name"),
            required("destination", STRING, "remote dir, created if missing"),
            optional("fetch", STRING, CONTROLLER, "`controller` (download here, cache, upload) or `hosts` (the host downloads it)"),
            optional("sha256", STRING, "the expected SHA-256 (64 hex digits); one of sha256 and sha256_url is needed"),
            optional("sha256_url", STRING, "a file whose first word is the SHA-256, read when the task runs"),
            optional("username", STRING, "HTTP basic authentication user"),
            optional("password", STRING, "its password (write ${secret:NAME}); masked everywhere").asSensitive(),
            optional("cache_dir", STRING, "$XDG_CACHE_HOME/deployer/releases", "the controller's cache (fetch: controller)"));

    private String url;
    private String destination;
    private String fileName;
    private String fetch;
    private String sha256;
    private String sha256Url;
    private String username;
    private Secret password;
    private String cacheDir;

    @Override
    public String name() {
        return "fetch_release";
    }

    @Override
    public List<CommandArgument> arguments() {
        return ARGUMENTS;
    }

    @Override
    public String summary() {
        return "puts the package at `url` into `destination/<file name>`, verified by its SHA-256: downloaded once by the deployer"
                + " machine (cached by checksum) and uploaded, or (`fetch: hosts`) downloaded by the host with curl or wget (resumable)"
                + " and checked with sha256sum there; a mismatch fails, saying expected and got";
    }

    /** Running it again is safe: a verified file under the same name, or a resumed download. */
    @Override
    public boolean idempotent() {
        return true;
    }

    @Override
    public String describe() {
        return "fetch " + url + " into " + destination + (HOSTS.equals(fetch) ? " (by the host)" : "");
    }

    @Override
    public void initialize(Arguments args) {
        url = args.string("url");
        destination = PathArguments.required(args, "destination");
        fetch = args.string("fetch", CONTROLLER);
        if (!CONTROLLER.equals(fetch) && !HOSTS.equals(fetch)) {
            args.problem("argument 'fetch': expected controller or hosts, got '" + fetch + "'");
        }
        if (url != null) {
            String path = null;
            try {
                URI u = new URI(url);
                if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null) {
                    path = u.getPath();
                }
            } catch (java.net.URISyntaxException e) {
                path = null;
            }
            fileName = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
            if (fileName.isEmpty()) {
                args.problem("argument 'url': expected an http(s) URL ending in the package's file name, got '" + url + "'");
            }
        }
        sha256 = args.optionalString("sha256").map(s -> s.toLowerCase(Locale.ROOT)).orElse(null);
        sha256Url = args.optionalString("sha256_url").orElse(null);
        if ((sha256 == null) == (sha256Url == null)) {
            args.problem("give exactly one of 'sha256' and 'sha256_url'");
        } else if (sha256 != null && !SHA256.matcher(sha256).matches()) {
            args.problem("argument 'sha256': expected 64 hex digits, got '" + sha256 + "'");
        }
        username = args.optionalString("username").orElse(null);
        password = args.secret("password").orElse(null);
        if ((username == null) != (password == null)) {
            args.problem("give both 'username' and 'password', or neither");
        }
        if (username != null && (username.contains("\n") || username.contains(":"))) {
            args.problem("argument 'username': no ':' or line break allowed");
        }
        if (password != null && password.reveal().contains("\n")) {
            args.problem("argument 'password': no line break allowed");
        }
        cacheDir = args.optionalString("cache_dir").orElse(null);
    }

    @Override
    public CommandResult execute(CommandContext context) throws Exception {
        return HOSTS.equals(fetch) ? byTheHost(context) : byTheController(context);
    }

    private CommandResult byTheController(CommandContext context) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).followRedirects(HttpClient.Redirect.NORMAL).build();
        String want = sha256;
        if (want == null) {
            HttpResponse<String> r = http.send(request(sha256Url), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                return CommandResult.failed(FailureReason.COMMAND_ERROR, "reading the checksum " + sha256Url + ": HTTP " + r.statusCode());
            }
            String first = r.body().strip().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
            if (!SHA256.matcher(first).matches()) {
                return CommandResult.failed(FailureReason.COMMAND_ERROR, sha256Url + " holds no SHA-256 (64 hex digits first)");
            }
            want = first;
        }
        ReleaseCache cache = new ReleaseCache(cacheDir != null ? Path.of(cacheDir)
                : ReleaseCache.defaultDir(System.getenv(), System.getProperty("user.home")));
        ReleaseCache.Entry entry;
        try {
            entry = cache.get(want, fileName, file -> {
                HttpResponse<Path> r = http.send(request(url), HttpResponse.BodyHandlers.ofFile(file));
                if (r.statusCode() / 100 != 2) {
                    throw new IOException("HTTP " + r.statusCode());
                }
            });
        } catch (ReleaseCache.ChecksumMismatch e) {
            return CommandResult.failed(FailureReason.COMMAND_ERROR, "checksum mismatch for " + fileName + " from " + url
                    + ": expected sha256 " + e.expected + ", got " + e.got + " (nothing was uploaded)");
        } catch (IOException e) {
            return CommandResult.failed(FailureReason.COMMAND_ERROR, "downloading " + url + ": " + e.getMessage());
        }
        context.log().info("{} {} ({})", entry.downloaded() ? "Downloaded" : "Found in the cache", fileName, entry.file());
        CommandResult uploaded = UploadCommand.upload(context, entry.file(), destination);
        return uploaded.isFailure() ? uploaded : CommandResult.changed((entry.downloaded() ? "downloaded " : "took from the cache ")
                + fileName + " (sha256 " + want + ") and " + uploaded.message());
    }

    private HttpRequest request(String to) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(to)).timeout(Duration.ofMinutes(30)).GET();
        if (username != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (username + ":" + password.reveal()).getBytes(StandardCharsets.UTF_8)));
        }
        return b.build();
    }

    private CommandResult byTheHost(CommandContext context) throws Exception {
        ExecResult which = context.run(HostFetchScript.Tool.DETECT);
        String tool = which.stdout().strip();
        if (!which.succeeded() || tool.isEmpty()) {
            return CommandResult.failed(FailureReason.COMMAND_ERROR, "neither curl nor wget on " + context.host().name()
                    + ": cannot fetch " + url + " there (install one, or use fetch: controller)");
        }
        HostFetchScript.Tool t = tool.equals("curl") ? HostFetchScript.Tool.CURL : HostFetchScript.Tool.WGET;
        String credentials = null;
        if (username != null) {
            // Written from stdin under umask 077, so the password is on no command line (ps) and in no log.
            ByteArrayOutputStream path = new ByteArrayOutputStream();
            ExecResult written = context.runStreaming(context.host(),
                    "umask 077 && f=$(mktemp \"${TMPDIR:-/tmp}/deployer-fetch.XXXXXX\") && cat > \"$f\" && echo \"$f\"",
                    ExecOptions.DEFAULT, new ByteArrayInputStream(t.credentials(username, password.reveal()).getBytes(StandardCharsets.UTF_8)), path);
            if (!written.succeeded()) {
                return Failures.of("writing the credentials file on " + context.host().name(), written);
            }
            credentials = path.toString(StandardCharsets.UTF_8).strip();
        }
        try {
            ExecResult r = context.run(HostFetchScript.of(t, url, destination, fileName, sha256, sha256Url, credentials));
            if (!r.succeeded()) {
                if (r.exitStatus() != null && r.exitStatus() == HostFetchScript.MISMATCH && !r.stderrTail().isEmpty()) {
                    return CommandResult.failed(FailureReason.COMMAND_ERROR, r.stderrTail().get(r.stderrTail().size() - 1)
                            + " (on " + context.host().name() + ")", r.stderrTail());
                }
                return Failures.of("fetching " + url + " on " + context.host().name() + " with " + tool, r);
            }
            return CommandResult.changed(context.host().name() + " downloaded " + fileName + " (" + r.stdout().strip()
                    + " bytes, sha256 verified) with " + tool + " into " + destination);
        } finally {
            if (credentials != null) {
                // The script removes it as it ends; this covers a script that never started.
                context.run("rm -f " + quote(credentials));
            }
        }
    }
}
