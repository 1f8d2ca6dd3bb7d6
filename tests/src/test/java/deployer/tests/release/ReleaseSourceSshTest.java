package deployer.tests.release;

import deployer.core.testing.CliProcess;
import deployer.core.testing.FileServer;
import deployer.core.testing.OpenSshServers;
import deployer.tests.fixtures.DemoHosts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

import static deployer.tests.fixtures.DemoHosts.V1;
import static deployer.tests.fixtures.DemoHosts.V2;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo service deployed from {@code release: {url, sha256, fetch: hosts}} to two real OpenSSH hosts, the package
 * served by a real HTTP server on loopback: each host downloads it itself (the server counts one GET per host, the
 * controller none), and a wrong checksum is refused on the host before anything switches.
 */
@Tag("sshd")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReleaseSourceSshTest {

    /** Apart from the other end-to-end tests' ports. */
    static final int PORT = 18099;

    @RegisterExtension
    static OpenSshServers ssh = OpenSshServers.hosts(2);

    @TempDir
    static Path work;
    static FileServer files;
    static DemoHosts demo;
    static List<String> hosts;
    static String demoYaml;

    @BeforeAll
    static void serveThePackages() throws Exception {
        Path project = CliProcess.projectRoot();
        Path served = Files.createDirectories(work.resolve("served"));
        for (String v : List.of("v1", "v2")) {
            try (var s = Files.list(project.resolve("conf/demo/packages/" + v))) {
                for (Path p : s.toList()) {
                    Files.copy(p, served.resolve(p.getFileName()));
                }
            }
        }
        files = FileServer.serving(served);
        Path root = ssh.writableDir("hosts");
        hosts = ssh.hosts().stream().map(OpenSshServers.Host::address).toList();
        demo = new DemoHosts(root, hosts, PORT);
        String sshHosts = ssh.hosts().stream().map(OpenSshServers.Host::remoteHost).collect(Collectors.joining(", "));
        demoYaml = Files.readAllLines(project.resolve("conf/demo.yaml")).stream()
                .filter(line -> !line.isBlank() && !line.strip().startsWith("#") && !line.startsWith("tarballs:"))
                .collect(Collectors.joining("\n", "", "\n"))
                .replaceFirst("hosts: \\[local:[^]]*]", "hosts: [" + sshHosts + "]")
                .replace("/tmp/deployer-demo", root.toString())
                .replace("port: 18080", "port: " + PORT)
                .replace("min_nodes_up: 2", "min_nodes_up: 1")
                + ssh.clientConfigYaml();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (demo != null) {
                demo.stopServices();
            }
        } finally {
            if (files != null) {
                files.close();
            }
        }
    }

    private static Path config(String name, String version, String sha256) throws Exception {
        String file = "demo-web_" + version + ".tar.gz";
        String yaml = demoYaml.replace("service:\n  demo-web:\n", "service:\n  demo-web:\n"
                + "    release: {url: \"" + files.url(file) + "\", sha256: " + sha256 + ", fetch: hosts}\n");
        assertThat(yaml).contains("fetch: hosts").doesNotContain("tarballs");
        Path c = work.resolve(name + ".yaml");
        Files.writeString(c, yaml);
        return c;
    }

    private static String sha256(String version) throws Exception {
        byte[] bytes = Files.readAllBytes(work.resolve("served/demo-web_" + version + ".tar.gz"));
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    @Order(1)
    void eachHostDownloadsTheReleaseItselfAndRunsIt() throws Exception {
        CliProcess.Result r = CliProcess.deploy(work.resolve("cli"), "--config", config("v1", V1, sha256(V1)).toString());

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(files.gets("demo-web_" + V1 + ".tar.gz")).as("one download per host, none by the controller").isEqualTo(hosts.size());
        assertThat(r.stderr()).contains("fetch_release").doesNotContain("(upload)");
        for (String h : hosts) {
            assertThat(demo.current(h)).isEqualTo("demo-web_" + V1);
            assertThat(demo.health(h)).contains(V1);
        }
    }

    @Test
    @Order(2)
    void aWrongChecksumIsRefusedOnTheHostBeforeAnySwitch() throws Exception {
        String wrong = "ab".repeat(32);
        CliProcess.Result r = CliProcess.deploy(work.resolve("cli"), "--config", config("v2-wrong", V2, wrong).toString());

        assertThat(r.exitCode()).as(r.all()).isNotZero();
        assertThat(r.stderr()).contains("fetch_release", "checksum mismatch", "expected sha256 " + wrong, "got " + sha256(V2));
        assertThat(hosts).anySatisfy(h -> assertThat(r.stderr()).contains(h));
        for (String h : hosts) {
            assertThat(demo.current(h)).as("the link is unchanged on %s", h).isEqualTo("demo-web_" + V1);
            assertThat(demo.releases(h)).doesNotContain("demo-web_" + V2);
            assertThat(demo.health(h)).contains(V1);
        }
    }

    /** A password from the environment's secrets: the hosts log in with it, and it is in no plan, log, journal or report. */
    @Test
    @Order(3)
    void credentialsFromTheSecretsStoreReachNoArtifact() throws Exception {
        String password = "s3cret-" + Long.toHexString(System.nanoTime());
        try (FileServer locked = FileServer.requireLogin(work.resolve("served"), "ci", password)) {
            String file = "demo-web_" + V2 + ".tar.gz";
            String yaml = demoYaml.replace("service:\n  demo-web:\n", "service:\n  demo-web:\n"
                    + "    release: {url: \"" + locked.url(file) + "\", sha256: " + sha256(V2) + ", fetch: hosts,"
                    + " credentials: {username: ci, password: \"${secret:release_password}\"}}\n");
            Path c = Files.writeString(work.resolve("locked.yaml"), yaml);
            Path cli = work.resolve("cli");
            Files.writeString(Files.createDirectories(work.resolve("environments")).resolve("prod.yaml"), "");
            CliProcess.Result genkey = CliProcess.run(CliProcess.DEPLOY, cli, java.time.Duration.ofMinutes(2), java.util.Map.of(), "secrets", "genkey");
            assertThat(genkey.exitCode()).as(genkey.all()).isZero();
            Path key = Files.writeString(work.resolve("prod.key"), genkey.stdout());
            Path plain = Files.writeString(work.resolve("plain.yaml"), "release_password: " + password + "\n");
            CliProcess.Result enc = CliProcess.run(CliProcess.DEPLOY, cli, java.time.Duration.ofMinutes(2), java.util.Map.of(), "secrets",
                    "encrypt", plain.toString(), "--config", c.toString(), "--environment", "prod", "--secrets-key-file", key.toString());
            assertThat(enc.exitCode()).as(enc.all()).isZero();
            Files.delete(plain);
            Path artifacts = Files.createDirectories(work.resolve("artifacts"));

            CliProcess.Result r = CliProcess.deploy(cli, "--config", c.toString(), "--environment", "prod", "--secrets-key-file", key.toString(),
                    "--logdir", artifacts.toString(), "--journal", artifacts.resolve("journal").toString(),
                    "--report", artifacts.resolve("report.html").toString(), "--report-json", artifacts.resolve("report.json").toString());

            assertThat(r.exitCode()).as(r.all()).isZero();
            assertThat(locked.gets(file)).as("each host logged in and downloaded it").isGreaterThanOrEqualTo(hosts.size());
            for (String h : hosts) {
                assertThat(demo.current(h)).isEqualTo("demo-web_" + V2);
            }
            assertThat(r.all()).doesNotContain(password);
            try (var all = Files.walk(artifacts)) {
                List<Path> written = all.filter(Files::isRegularFile).toList();
                assertThat(written).hasSizeGreaterThanOrEqualTo(4);
                for (Path f : written) {
                    assertThat(Files.readString(f)).as(f.toString()).doesNotContain(password);
                }
            }
            try (var left = Files.walk(demo.root(hosts.get(0)))) {
                for (Path f : left.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".tar.gz")).toList()) {
                    assertThat(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(password);
                }
            }
        }
    }
}
