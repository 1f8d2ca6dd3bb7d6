package deployer.generators.tarball;

import deployer.core.config.Config;
import deployer.core.config.ConfigLoader;
import deployer.core.config.MapSchema;
import deployer.core.config.PlatformSchemas;
import deployer.core.internal.exec.CommandRegistry;
import deployer.core.internal.exec.Engine;
import deployer.core.internal.host.HostPool;
import deployer.core.model.Secret;
import deployer.core.spi.GeneratorContext;
import deployer.core.spi.Secrets;
import deployer.core.spi.StatusReport;
import deployer.core.model.InvalidInputException;
import deployer.core.model.Task;
import deployer.core.model.Tasklist;
import deployer.core.testing.FileServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code service.<s>.release}: a package fetched from a URL instead of a local file. The version is read from the
 * URL's file name; a checksum not in the config is read at planning from a real HTTP server (the FileServer fixture)
 * and pinned in the plan; every bad source is refused at its config line before anything runs.
 */
class ReleaseSourcesTest {

    private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @TempDir
    Path root;
    TarballFixture fx;
    FileServer files;
    Path served;

    @BeforeEach
    void setUp() throws Exception {
        fx = new TarballFixture(root);
        served = Files.createDirectories(root.resolve("served"));
        files = FileServer.serving(served);
    }

    @AfterEach
    void tearDown() {
        files.close();
    }

    private Config config(String release, Map<String, Object> typed) throws Exception {
        Path f = root.resolve("release.yaml");
        Files.writeString(f, """
                platform: tarball
                hostgroup:
                  web: [local:web1, local:web2]
                service:
                  web:
                    hostgroups: [web]
                    install_location: @ROOT@/hosts/{shorthostname}
                    release:
                """.replace("@ROOT@", root.toString()) + release.indent(6));
        return load(f).withCommandLine(typed);
    }

    /** Checked against the tarball platform's schema, as the CLI loads a config. */
    private static Config load(Path f) throws InvalidInputException {
        return ConfigLoader.load(f, new PlatformSchemas() {
            @Override
            public Optional<MapSchema> schema(String platform) {
                return Optional.of(TarballSchema.TOP).filter(x -> platform.equals("tarball"));
            }

            @Override
            public Collection<String> platforms() {
                return List.of("tarball");
            }
        });
    }

    /** The plan, validated as a run with these secrets would validate it. */
    private Tasklist planWithSecrets(Config config, Map<String, String> secrets) throws Exception {
        try (HostPool hosts = HostPool.localOnly()) {
            Tasklist t = new TarballGenerator(url -> null).generate(new GeneratorContext(config, List.of(), hosts));
            new Engine(CommandRegistry.load(), List.of(), new Secrets() {
                @Override
                public Optional<Secret> get(String name) {
                    return Optional.ofNullable(secrets.get(name)).map(Secret::of);
                }

                @Override
                public Set<String> names() {
                    return secrets.keySet();
                }

                @Override
                public String source() {
                    return "the test's secrets";
                }
            }).validate(t, true);
            return t;
        }
    }

    private Tasklist plan(String release) throws Exception {
        return fx.generate(config(release, Map.of()));
    }

    private InvalidInputException refused(String release, Map<String, Object> typed) throws Exception {
        try {
            fx.generate(config(release, typed));
        } catch (InvalidInputException e) {
            return e;
        }
        throw new AssertionError("expected an invalid input error");
    }

    private static List<Task> tasks(Tasklist t, String command) {
        return t.stages().stream().flatMap(s -> s.items().stream()).flatMap(i -> i.links().stream())
                .filter(task -> task.command().equals(command)).toList();
    }

    @Test
    void theVersionIsReadFromTheUrlsFileNameAndEachHostGetsAFetchInsteadOfAnUpload() throws Exception {
        Tasklist t = plan("url: " + files.url("builds/web_1.4.2.tar.gz") + "\nsha256: " + SHA.toUpperCase() + "\nfetch: hosts\n");

        List<Task> fetches = tasks(t, "fetch_release");
        assertThat(fetches).extracting(Task::remoteHost).containsExactlyInAnyOrder("local:web1", "local:web2");
        assertThat(fetches).allSatisfy(task -> assertThat(task.arguments())
                .containsEntry("url", files.url("builds/web_1.4.2.tar.gz"))
                .containsEntry("sha256", SHA)
                .containsEntry("fetch", "hosts")
                .doesNotContainKeys("sha256_url", "username", "password"));
        assertThat(tasks(t, "upload")).isEmpty();
        assertThat(tasks(t, "symlink")).allSatisfy(task -> assertThat(task.arguments().values().toString()).contains("web_1.4.2"));
        assertThat(tasks(t, "unpack")).hasSize(2).allSatisfy(unpack -> assertThat(unpack.arguments().get("source"))
                .as("unpacked from where the fetch put it").isEqualTo(fetches.stream()
                        .filter(f -> f.remoteHost().equals(unpack.remoteHost())).findFirst().orElseThrow()
                        .arguments().get("destination") + "/web_1.4.2.tar.gz"));
        assertThat(files.gets("builds/web_1.4.2.tar.gz.sha256")).as("the checksum was given: nothing read at planning").isZero();
    }

    @Test
    void withoutAChecksumTheOneBesideTheUrlIsReadAtPlanningAndPinnedInThePlan() throws Exception {
        Files.createDirectories(served.resolve("builds"));
        Files.writeString(served.resolve("builds/web_1.4.2.tar.gz.sha256"), SHA + "  web_1.4.2.tar.gz\n");

        Tasklist t = plan("url: " + files.url("builds/web_1.4.2.tar.gz") + "\n");

        assertThat(tasks(t, "fetch_release")).hasSize(2).allSatisfy(task -> assertThat(task.arguments())
                .containsEntry("sha256", SHA).containsEntry("fetch", "controller").doesNotContainKey("sha256_url"));
        assertThat(files.gets("builds/web_1.4.2.tar.gz.sha256")).as("read once, at planning").isEqualTo(1);
        assertThat(files.gets("builds/web_1.4.2.tar.gz")).as("the package itself is fetched when the plan runs").isZero();
    }

    @Test
    void aChecksumUrlIsReadWithTheVersionFilledIn() throws Exception {
        Files.writeString(served.resolve("SHA256SUMS-2.0.1"), SHA.toUpperCase() + "\n");

        Tasklist t = plan("url: " + files.url("web_{version}.tar.gz") + "\nversion: 2.0.1\nsha256_url: " + files.url("SHA256SUMS-{version}") + "\n");

        assertThat(tasks(t, "fetch_release")).allSatisfy(task -> assertThat(task.arguments())
                .containsEntry("url", files.url("web_2.0.1.tar.gz")).containsEntry("sha256", SHA));
    }

    @Test
    void setVersionFillsTheUrlAndWinsOverTheConfigsVersion() throws Exception {
        Tasklist t = fx.generate(config("url: " + files.url("web_{version}.tar.gz") + "\nversion: 2.0.1\nsha256: " + SHA + "\n",
                Map.of("set_version", List.of("web=2.1.0"))));

        assertThat(tasks(t, "fetch_release")).allSatisfy(task -> assertThat(task.arguments())
                .containsEntry("url", files.url("web_2.1.0.tar.gz")));
        assertThat(fx.json(t)).contains("web_2.1.0").doesNotContain("2.0.1");
    }

    private static final String WITH_CREDENTIALS = "fetch: hosts\ncredentials:\n  username: ci\n  password: ${secret:releases_password}\n";

    @Test
    void credentialsReachThePlanAsASecretReferenceAndTheChecksumIsLeftToTheTask() throws Exception {
        Tasklist t = planWithSecrets(config("url: " + files.url("web_1.4.2.tar.gz") + "\n" + WITH_CREDENTIALS, Map.of()),
                Map.of("releases_password", "hunter2"));

        assertThat(tasks(t, "fetch_release")).allSatisfy(task -> assertThat(task.arguments())
                .containsEntry("username", "ci")
                .containsEntry("password", "${secret:releases_password}")
                .containsEntry("sha256_url", files.url("web_1.4.2.tar.gz.sha256"))
                .doesNotContainKey("sha256"));
        assertThat(files.gets("web_1.4.2.tar.gz.sha256")).as("planning holds no secret to log in with").isZero();
        assertThat(fx.json(t)).doesNotContain("hunter2");
    }

    @Test
    void credentialsNamingASecretTheEnvironmentLacksAreRefusedNamingTheTaskAndTheSecret() throws Exception {
        Config c = config("url: " + files.url("web_1.4.2.tar.gz") + "\n" + WITH_CREDENTIALS, Map.of());

        assertThatThrownBy(() -> planWithSecrets(c, Map.of("other", "x")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("(fetch_release): argument 'password': unknown secret 'releases_password'")
                .hasMessageContaining("holds: other");
    }

    @Test
    void statusShowsTheReleaseSourcesVersionAsTheNewest() throws Exception {
        Config c = config("url: " + files.url("web_{version}.tar.gz") + "\nsha256: " + SHA + "\n", Map.of("set_version", List.of("web=3.0")));
        try (HostPool hosts = HostPool.localOnly()) {
            StatusReport report = new TarballGenerator(url -> null).status(new GeneratorContext(c, List.of(), hosts)).orElseThrow();

            assertThat(report.services()).singleElement().satisfies(s -> {
                assertThat(s.newest()).isEqualTo("3.0");
                assertThat(s.newestFrom()).isEqualTo("release " + files.url("web_3.0.tar.gz"));
            });
        }
    }

    @Test
    void aUrlWithoutAChecksumIsRefusedAtTheUrlsLine() throws Exception {
        InvalidInputException e = refused("url: " + files.url("web_1.4.2.tar.gz") + "\n", Map.of());

        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.toString())
                .contains("release.yaml:9:", "no checksum for this url", "give sha256 or sha256_url", files.url("web_1.4.2.tar.gz.sha256")));
    }

    @Test
    void aMissingChecksumUrlIsRefusedAtItsLine() throws Exception {
        InvalidInputException e = refused("url: " + files.url("web_1.4.2.tar.gz") + "\nsha256_url: " + files.url("nope.sha256") + "\n", Map.of());

        assertThat(e.getMessage()).contains("release.yaml:10:", "no checksum at " + files.url("nope.sha256"), "HTTP 404");
    }

    @Test
    void aChecksumFileWithoutAChecksumIsRefused() throws Exception {
        Files.writeString(served.resolve("web_1.4.2.tar.gz.sha256"), "<html>moved</html>\n");

        InvalidInputException e = refused("url: " + files.url("web_1.4.2.tar.gz") + "\n", Map.of());

        assertThat(e.getMessage()).contains("release.yaml:9:", "holds no SHA-256", "64 hex digits");
    }

    @Test
    void aBadSha256IsRefusedAtItsLine() throws Exception {
        InvalidInputException e = refused("url: " + files.url("web_1.4.2.tar.gz") + "\nsha256: abc123\n", Map.of());

        assertThat(e.getMessage()).contains("release.yaml:10:", "expected a SHA-256 of 64 hex digits, got 'abc123'");
    }

    @Test
    void bothSha256AndSha256UrlAreRefused() throws Exception {
        InvalidInputException e = refused("url: " + files.url("web_1.4.2.tar.gz") + "\nsha256: " + SHA + "\nsha256_url: " + files.url("x") + "\n", Map.of());

        assertThat(e.getMessage()).contains("release.yaml:8:", "give one of sha256 and sha256_url");
    }

    @Test
    void anUnknownKeyIsRefusedAtItsLine() throws Exception {
        InvalidInputException e = refused("url: " + files.url("web_1.4.2.tar.gz") + "\nsha256: " + SHA + "\nchecksum: " + SHA + "\n", Map.of());

        assertThat(e.getMessage()).contains("release.yaml:11:", "unknown key 'checksum'");
    }

    @Test
    void aFetchModeOtherThanControllerOrHostsIsRefused() throws Exception {
        InvalidInputException e = refused("url: " + files.url("web_1.4.2.tar.gz") + "\nsha256: " + SHA + "\nfetch: proxy\n", Map.of());

        assertThat(e.getMessage()).contains("release.yaml:11:", "expected one of controller, hosts, got", "proxy");
    }

    @Test
    void aPasswordThatIsNoSecretReferenceIsRefusedWithoutRepeatingIt() throws Exception {
        InvalidInputException e = refused("url: " + files.url("web_1.4.2.tar.gz") + "\nsha256: " + SHA
                + "\ncredentials:\n  username: ci\n  password: hunter2\n", Map.of());

        assertThat(e.getMessage()).contains("release.yaml:13:", "write the password as ${secret:NAME}").doesNotContain("hunter2");
    }

    @Test
    void credentialsWithoutAPasswordAreRefused() throws Exception {
        InvalidInputException e = refused("url: " + files.url("web_1.4.2.tar.gz") + "\nsha256: " + SHA + "\ncredentials:\n  username: ci\n", Map.of());

        assertThat(e.getMessage()).contains("release.yaml:11:", "missing required key 'password'");
    }

    @Test
    void aUrlThatIsNotHttpOrHoldsAPasswordIsRefusedWithoutRepeatingIt() throws Exception {
        assertThat(refused("url: ftp://example.com/web_1.4.2.tar.gz\nsha256: " + SHA + "\n", Map.of()).getMessage())
                .contains("release.yaml:9:", "expected an http:// or https:// URL");
        assertThat(refused("url: https://ci:hunter2@example.com/web_1.4.2.tar.gz\nsha256: " + SHA + "\n", Map.of()).getMessage())
                .contains("release.yaml:9:", "give them under 'credentials'").doesNotContain("hunter2");
    }

    @Test
    void aUrlWhoseFileIsNoPackageOfTheServiceIsRefused() throws Exception {
        assertThat(refused("url: " + files.url("web.tar.gz") + "\nsha256: " + SHA + "\n", Map.of()).getMessage())
                .contains("release.yaml:9:", "cannot read a package name from 'web.tar.gz'", "<service>_<version>.tar.gz");
        assertThat(refused("url: " + files.url("builds/") + "\nsha256: " + SHA + "\n", Map.of()).getMessage())
                .contains("release.yaml:9:", "the url names no file");
    }

    @Test
    void aVersionPlaceholderWithoutAVersionAndAVersionWithoutAPlaceholderAreRefused() throws Exception {
        assertThat(refused("url: " + files.url("web_{version}.tar.gz") + "\nsha256: " + SHA + "\n", Map.of()).getMessage())
                .contains("release.yaml:9:", "the url holds {version}", "--set-version web=VERSION");
        assertThat(refused("url: " + files.url("web_1.4.2.tar.gz") + "\nsha256: " + SHA + "\n", Map.of("set_version", List.of("web=2.0"))).getMessage())
                .contains("release.yaml:9:", "the url holds no {version}");
    }

    @Test
    void setVersionNamingNoServiceOrNoReleaseOrWithoutAVersionIsRefused() throws Exception {
        String release = "url: " + files.url("web_{version}.tar.gz") + "\nsha256: " + SHA + "\n";
        assertThat(refused(release, Map.of("set_version", List.of("api=2.0"))).getMessage())
                .contains("set_version", "unknown service 'api'", "known services: web");
        assertThat(refused(release, Map.of("set_version", List.of("web"))).getMessage())
                .contains("set_version", "expected SERVICE=VERSION, got 'web'");
    }

    @Test
    void setVersionWithLocalPackagesIsRefused() throws Exception {
        fx.pkg("web_1.0.tar.gz");
        InvalidInputException e = refused("url: " + files.url("web_{version}.tar.gz") + "\nsha256: " + SHA + "\n",
                Map.of("set_version", List.of("web=2.0")));

        assertThat(e.getMessage()).contains("--set-version", "no effect on the --component/--directory packages");
    }

    @Test
    void everyBadSourceIsReportedAtOnce() throws Exception {
        Path f = root.resolve("release.yaml");
        Files.writeString(f, """
                platform: tarball
                hostgroup:
                  web: [local:web1]
                service:
                  web:
                    hostgroups: [web]
                    install_location: /srv
                    release: {url: "URL/web_1.tar.gz", sha256: nope}
                  api:
                    hostgroups: [web]
                    install_location: /srv
                    release: {url: "URL/web_2.tar.gz", sha256: nope}
                """.replace("URL/", files.url("")));
        try {
            fx.generate(load(f));
            throw new AssertionError("expected an invalid input error");
        } catch (InvalidInputException e) {
            assertThat(e.problems()).extracting(Object::toString).satisfiesExactly(
                    p -> assertThat(p).contains("release.yaml:8:", "expected a SHA-256"),
                    p -> assertThat(p).contains("release.yaml:12:", "is a package of service 'web', not of 'api'"));
        }
    }
}
