package deployer.generators.tarball;

import deployer.core.config.Config;
import deployer.core.model.InvalidInputException;
import deployer.core.model.Problem;
import deployer.core.model.SecretReference;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The packages of services whose config names where their release comes from ({@code service.<s>.release}): the
 * version is read from the URL's file name as a local package's, after {@code {version}} is filled in
 * ({@code --set-version SERVICE=VERSION}, else the source's {@code version}). A checksum not written in the config is
 * read at planning from {@code sha256_url} (else {@code <url>.sha256}), so the plan pins it; with credentials (secrets,
 * which planning never sees) the fetch task reads it when it runs.
 */
final class ReleaseSources {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final String VERSION = "{version}";

    /** Reads a checksum file at planning: its text, or empty when the server says 404. */
    @FunctionalInterface
    interface ChecksumFiles {
        Optional<String> read(String url) throws IOException, InterruptedException;

        ChecksumFiles HTTP = url -> {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                    .followRedirects(HttpClient.Redirect.NORMAL).build();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 404) {
                return Optional.empty();
            }
            if (r.statusCode() / 100 != 2) {
                throw new IOException("HTTP " + r.statusCode());
            }
            return Optional.of(r.body());
        };
    }

    private final Config config;
    private final ChecksumFiles checksums;

    ReleaseSources(Config config, ChecksumFiles checksums) {
        this.config = config;
        this.checksums = checksums;
    }

    /**
     * The packages of a deploy: the typed {@code --component}/{@code --directory} files alone when some were given;
     * else each service's {@code release} source, and the {@code tarballs} directory's packages of the others.
     */
    List<Package> packages(List<Path> components, java.util.Collection<String> services) throws InvalidInputException, InterruptedException {
        List<Package> remote = components.isEmpty() ? read(services) : List.of();
        if (!components.isEmpty() && config.has("set_version")) {
            throw config.error("--set-version picks the version of a service's release url; it has no effect on the"
                    + " --component/--directory packages given", "set_version");
        }
        if (!remote.isEmpty() && !config.has("tarballs")) {
            return remote;
        }
        Map<String, Package> byService = new LinkedHashMap<>();
        remote.forEach(p -> byService.put(p.service(), p));
        for (Package p : PackageSet.resolve(config, components, services)) {
            // A package in the tarballs directory of a service that also has a release source: the source wins.
            byService.putIfAbsent(p.service(), p);
        }
        return List.copyOf(byService.values());
    }

    /** One package for each service with a {@code release} block; every bad source is reported at once. */
    List<Package> read(java.util.Collection<String> services) throws InvalidInputException, InterruptedException {
        List<Problem> problems = new ArrayList<>();
        Map<String, String> typed = typedVersions(services, problems);
        List<Package> out = new ArrayList<>();
        for (String s : services) {
            if (!config.has("service", s, "release")) {
                if (typed.containsKey(s)) {
                    problems.add(config.error("--set-version " + s + "=…: service '" + s + "' has no release url", "set_version").problems().get(0));
                }
                continue;
            }
            try {
                out.add(source(s, typed.get(s), services, problems));
            } catch (InvalidInputException e) {
                problems.addAll(e.problems());
            }
        }
        out.removeIf(java.util.Objects::isNull);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return out;
    }

    private Map<String, String> typedVersions(java.util.Collection<String> services, List<Problem> problems) throws InvalidInputException {
        Map<String, String> typed = new LinkedHashMap<>();
        for (String entry : config.strings("set_version")) {
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                problems.add(config.error("expected SERVICE=VERSION, got '" + entry + "'", "set_version").problems().get(0));
            } else if (!services.contains(entry.substring(0, eq))) {
                problems.add(config.error("unknown service '" + entry.substring(0, eq) + "'; known services: "
                        + TarballConfig.known(services), "set_version").problems().get(0));
            } else {
                typed.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return typed;
    }

    private Package source(String s, String typedVersion, java.util.Collection<String> services, List<Problem> problems)
            throws InvalidInputException, InterruptedException {
        String[] at = {"service", s, "release"};
        String written = config.string("service", s, "release", "url").orElseThrow(() -> config.error("release needs url", at));
        String url = written;
        String version = typedVersion != null ? typedVersion : config.string("service", s, "release", "version").orElse(null);
        if (written.contains(VERSION)) {
            if (version == null) {
                throw config.error("the url holds {version}: give it with --set-version " + s + "=VERSION or the release's 'version'",
                        "service", s, "release", "url");
            }
            url = written.replace(VERSION, version);
        } else if (version != null) {
            throw config.error("a version is given (" + (typedVersion != null ? "--set-version" : "release.version")
                    + ") but the url holds no {version} to put it in", "service", s, "release", "url");
        }
        String name = fileName(url, s);
        List<Problem> named = new ArrayList<>();
        Package pkg = PackageSet.read(config.location("service", s, "release", "url") + " service." + s + ".release.url",
                name, Path.of(name), config, services, named);
        if (pkg == null) {
            problems.addAll(named);
            return null;
        }
        if (!pkg.service().equals(s)) {
            throw config.error("the url's file " + name + " is a package of service '" + pkg.service() + "', not of '" + s + "'",
                    "service", s, "release", "url");
        }
        String username = config.string("service", s, "release", "credentials", "username").orElse(null);
        String password = config.string("service", s, "release", "credentials", "password").orElse(null);
        if (password != null && !SecretReference.isOnlyReferences(password)) {
            // The value is not repeated: it is a password.
            throw config.error("write the password as ${secret:NAME} (a value of the environment's secrets): a password"
                    + " written here would reach the saved plan", "service", s, "release", "credentials", "password");
        }
        String sha256 = config.string("service", s, "release", "sha256").orElse(null);
        String sha256Url = config.string("service", s, "release", "sha256_url").orElse(null);
        if (sha256 != null && sha256Url != null) {
            throw config.error("give one of sha256 and sha256_url", at);
        }
        if (sha256 != null) {
            sha256 = checked(sha256, "service", s, "release", "sha256");
        } else {
            String from = sha256Url != null ? sha256Url.replace(VERSION, version == null ? VERSION : version) : url + ".sha256";
            requireHttp(from, "service", s, "release", sha256Url != null ? "sha256_url" : "url");
            if (username == null) {
                sha256 = lookUp(from, sha256Url != null, s);
            }
            sha256Url = sha256 == null ? from : null;
        }
        String fetch = config.string("service", s, "release", "fetch").orElse(ReleaseSourceSchema.CONTROLLER);
        return new Package(s, pkg.version(), pkg.file(), new ReleaseSource(url, sha256, sha256Url, fetch, username, password));
    }

    /** The checksum {@code from} holds, read now; a missing or bad one is an error at the config line. */
    private String lookUp(String from, boolean written, String s) throws InvalidInputException, InterruptedException {
        String[] at = written ? new String[]{"service", s, "release", "sha256_url"} : new String[]{"service", s, "release", "url"};
        Optional<String> text;
        try {
            text = checksums.read(from);
        } catch (IOException | IllegalArgumentException e) {
            throw config.error((written ? "cannot read the checksum " + from
                    : "no sha256 or sha256_url given, and the checksum beside the url, " + from + ", cannot be read") + ": " + why(e), at);
        }
        if (text.isEmpty()) {
            throw config.error(written ? "no checksum at " + from + " (HTTP 404)"
                    : "no checksum for this url: give sha256 or sha256_url (there is no " + from + ")", at);
        }
        String first = text.get().strip().split("\\s+", 2)[0];
        if (!SHA256.matcher(first).matches()) {
            throw config.error(from + " holds no SHA-256: expected 64 hex digits first (as sha256sum prints it)", at);
        }
        return first.toLowerCase(Locale.ROOT);
    }

    /** The JDK's HTTP client leaves the message of a refused connection empty. */
    private static String why(Exception e) {
        if (e instanceof java.net.ConnectException) {
            return "cannot connect (connection refused, or no such host)";
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "no answer in time";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private String checked(String sha256, String... at) throws InvalidInputException {
        if (!SHA256.matcher(sha256).matches()) {
            throw config.error("expected a SHA-256 of 64 hex digits, got '" + sha256 + "'", at);
        }
        return sha256.toLowerCase(Locale.ROOT);
    }

    /** The last segment of the URL's path: the package's file name. */
    private String fileName(String url, String s) throws InvalidInputException {
        requireHttp(url, "service", s, "release", "url");
        String path = URI.create(url).getPath();
        String name = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
        if (name.isEmpty()) {
            throw config.error("the url names no file: expected …/" + PackageSet.EXPECTED, "service", s, "release", "url");
        }
        return name;
    }

    private void requireHttp(String url, String... at) throws InvalidInputException {
        try {
            URI u = new URI(url);
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                throw config.error("expected an http:// or https:// URL, got '" + url + "'", at);
            }
            if (u.getUserInfo() != null) {
                // The URL is not repeated: it holds a password.
                throw config.error("a URL with user:password@ would show them in the plan and the logs: give them under 'credentials'", at);
            }
        } catch (URISyntaxException e) {
            throw config.error("not a URL: " + e.getMessage(), at);
        }
    }
}
