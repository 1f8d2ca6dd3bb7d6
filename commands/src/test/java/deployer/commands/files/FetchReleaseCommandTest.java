package deployer.commands.files;

import deployer.core.testing.FileServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static deployer.commands.CommandTester.command;
import static org.assertj.core.api.Assertions.assertThat;

/** fetch_release against a real HTTP server on loopback, on a real local host (real sh, curl, wget, sha256sum). */
class FetchReleaseCommandTest {

    static final String FILE = "web_1.4.2.tar.gz";

    @TempDir
    Path dir;
    Path served;
    FileServer server;
    String sha256;

    @BeforeEach
    void serveARelease() throws Exception {
        served = Files.createDirectories(dir.resolve("served"));
        Files.writeString(served.resolve(FILE), "the release's bytes\n".repeat(1000));
        sha256 = ReleaseCache.sha256(served.resolve(FILE));
        server = FileServer.serving(served);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theControllerDownloadsOnceIntoItsCacheAndUploadsEachTime() throws Exception {
        Path cache = dir.resolve("cache");
        for (String host : List.of("h1", "h2")) {
            var run = command("fetch_release").arg("url", server.url(FILE)).arg("sha256", sha256)
                    .arg("destination", dir.resolve(host).toString()).arg("cache_dir", cache.toString()).run();
            assertThat(run.result().isFailure()).as(run.message()).isFalse();
            assertThat(dir.resolve(host).resolve(FILE)).hasSameBinaryContentAs(served.resolve(FILE));
        }
        assertThat(server.gets(FILE)).isEqualTo(1);
        assertThat(cache.resolve(sha256).resolve(FILE)).hasSameBinaryContentAs(served.resolve(FILE));
    }

    @Test
    void theControllerRefusesBytesThatDoNotMatchAndCachesAndUploadsNothing() throws Exception {
        Path cache = dir.resolve("cache");
        String wrong = "0".repeat(64);
        var run = command("fetch_release").arg("url", server.url(FILE)).arg("sha256", wrong)
                .arg("destination", dir.resolve("h1").toString()).arg("cache_dir", cache.toString()).run();
        assertThat(run.result().isFailure()).isTrue();
        assertThat(run.message()).contains("checksum mismatch for " + FILE, "expected sha256 " + wrong, "got " + sha256);
        assertThat(dir.resolve("h1")).doesNotExist();
        try (var left = Files.list(cache.resolve(wrong))) {
            assertThat(left.map(p -> p.getFileName().toString())).allMatch(n -> n.endsWith(".lock"));
        }
    }

    @Test
    void theControllerReadsTheChecksumFromSha256UrlWhenTheTaskRuns() throws Exception {
        Files.writeString(served.resolve(FILE + ".sha256"), sha256.toUpperCase() + "  " + FILE + "\n");
        var run = command("fetch_release").arg("url", server.url(FILE)).arg("sha256_url", server.url(FILE + ".sha256"))
                .arg("destination", dir.resolve("h1").toString()).arg("cache_dir", dir.resolve("cache").toString()).run();
        assertThat(run.result().isFailure()).as(run.message()).isFalse();
        assertThat(dir.resolve("h1").resolve(FILE)).hasSameBinaryContentAs(served.resolve(FILE));
    }

    @Test
    void aHostDownloadsItselfAndVerifiesTheChecksum() throws Exception {
        var run = command("fetch_release").arg("url", server.url(FILE)).arg("sha256", sha256).arg("fetch", "hosts")
                .arg("destination", dir.resolve("h1").toString()).run();
        assertThat(run.result().isFailure()).as(run.message()).isFalse();
        assertThat(run.message()).contains("sha256 verified", "with curl");
        assertThat(dir.resolve("h1").resolve(FILE)).hasSameBinaryContentAs(served.resolve(FILE));
    }

    @Test
    void aHostThatGetsOtherBytesStopsSayingExpectedAndGotAndKeepsNoFile() throws Exception {
        String wrong = "ab".repeat(32);
        var run = command("fetch_release").arg("url", server.url(FILE)).arg("sha256", wrong).arg("fetch", "hosts")
                .arg("destination", dir.resolve("h1").toString()).run();
        assertThat(run.result().isFailure()).isTrue();
        assertThat(run.message()).contains("checksum mismatch for " + FILE, "expected sha256 " + wrong, "got " + sha256);
        try (var left = Files.list(dir.resolve("h1"))) {
            assertThat(left).isEmpty();
        }
    }

    /** Both tools, whichever a host has: the script alone, run by sh. */
    @ParameterizedTest
    @EnumSource(HostFetchScript.Tool.class)
    void theScriptWorksWithCurlAndWgetAndReadsTheChecksumBeside(HostFetchScript.Tool tool) throws Exception {
        Files.writeString(served.resolve(FILE + ".sha256"), sha256 + "  " + FILE + "\n");
        String script = HostFetchScript.of(tool, server.url(FILE), dir.resolve("h1").toString(), FILE, null, server.url(FILE + ".sha256"), null);
        Process p = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(dir.resolve("h1").resolve(FILE)).hasSameBinaryContentAs(served.resolve(FILE));
    }

    @ParameterizedTest
    @EnumSource(HostFetchScript.Tool.class)
    void credentialsReachTheToolThroughTheirFileAndTheFileIsRemoved(HostFetchScript.Tool tool) throws Exception {
        server.close();
        server = FileServer.requireLogin(served, "ci", "s3cr\"et pass");
        Path credentials = dir.resolve("credentials");
        Files.writeString(credentials, tool.credentials("ci", "s3cr\"et pass"));
        String script = HostFetchScript.of(tool, server.url(FILE), dir.resolve("h1").toString(), FILE, sha256, null, credentials.toString());
        Process p = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(dir.resolve("h1").resolve(FILE)).hasSameBinaryContentAs(served.resolve(FILE));
        assertThat(credentials).doesNotExist();
        assertThat(script).doesNotContain("s3cr");
    }

    @Test
    void withCredentialsTheHostLogsInAndThePasswordIsInNoCommandLine() throws Exception {
        server.close();
        server = FileServer.requireLogin(served, "ci", "hunter2-secret");
        var run = command("fetch_release").arg("url", server.url(FILE)).arg("sha256", sha256).arg("fetch", "hosts")
                .arg("username", "ci").arg("password", "hunter2-secret")
                .arg("destination", dir.resolve("h1").toString()).run();
        assertThat(run.result().isFailure()).as(run.message()).isFalse();
        assertThat(run.log().all()).contains("Running:").doesNotContain("hunter2");
        assertThat(dir.resolve("h1").resolve(FILE)).hasSameBinaryContentAs(served.resolve(FILE));
    }

    @Test
    void badArgumentsAreProblemsBeforeAnythingRuns() {
        assertThat(command("fetch_release").arg("url", server.url(FILE)).arg("destination", "/tmp/x").problems())
                .contains("give exactly one of 'sha256' and 'sha256_url'");
        assertThat(command("fetch_release").arg("url", server.url(FILE)).arg("sha256", "xyz").arg("destination", "/tmp/x").problems())
                .contains("argument 'sha256': expected 64 hex digits, got 'xyz'");
        assertThat(command("fetch_release").arg("url", "ftp://h/" + FILE).arg("sha256", sha256).arg("destination", "/tmp/x").problems())
                .anyMatch(p -> p.startsWith("argument 'url': expected an http(s) URL"));
        assertThat(command("fetch_release").arg("url", server.url(FILE)).arg("sha256", sha256).arg("fetch", "both")
                .arg("destination", "/tmp/x").problems()).contains("argument 'fetch': expected controller or hosts, got 'both'");
    }

    @Test
    void theCacheIsUnderXdgCacheHomeElseHomeDotCache() {
        assertThat(ReleaseCache.defaultDir(Map.of("XDG_CACHE_HOME", "/var/cache/me"), "/home/me"))
                .isEqualTo(Path.of("/var/cache/me/deployer/releases"));
        assertThat(ReleaseCache.defaultDir(Map.of(), "/home/me")).isEqualTo(Path.of("/home/me/.cache/deployer/releases"));
        // The spec: a relative XDG_CACHE_HOME is invalid and ignored.
        assertThat(ReleaseCache.defaultDir(Map.of("XDG_CACHE_HOME", "rel"), "/home/me")).isEqualTo(Path.of("/home/me/.cache/deployer/releases"));
    }
}
