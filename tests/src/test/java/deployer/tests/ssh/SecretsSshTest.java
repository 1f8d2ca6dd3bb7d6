package deployer.tests.ssh;

import deployer.core.testing.CliProcess;
import deployer.core.testing.OpenSshServers;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tarball release to a real OpenSSH host whose migration needs the database password of the staging environment:
 * the config refers to {@code ${secret:db_password}}, the plan saved by {@code build-tasklist --save} keeps the
 * reference, and {@code deploy --tasklist} fills the value in as the task executes, so the command on the host gets
 * it. Nothing the runs leave behind (stdout, stderr, log files, journals, the saved plans, the dump) holds the value.
 */
@Tag("sshd")
class SecretsSshTest {

    static final String DB_PASSWORD = "Velvet-DbPass-93ks";

    @RegisterExtension
    static OpenSshServers ssh = OpenSshServers.hosts(1);

    @TempDir
    Path work;

    @Test
    void aSavedPlanWithASecretReferenceRunsOnTheHostWithTheValueAndNoArtifactShowsIt() throws Exception {
        Path root = ssh.writableDir("secrets-hosts");
        Path seen = root.resolve("seen-password");
        Path allow = root.resolve("allow-migration");
        Path config = Files.writeString(work.resolve("app.yaml"), """
                platform: tarball
                tarballs: %s
                hostgroup:
                  web:
                    hosts: [%s]
                service:
                  demo-web:
                    hostgroups: [web]
                    install_location: %s/{hostname}
                    check_command: "true"
                    migration_command: "printf %%s ${secret:db_password} > %s; echo login as ${secret:db_password} >&2; test -e %s"
                """.formatted(CliProcess.projectRoot().resolve("conf/demo/packages/v1"), ssh.host(0).remoteHost(), root, seen, allow)
                + ssh.clientConfigYaml());
        Files.createDirectories(work.resolve("environments"));
        Files.writeString(work.resolve("environments/staging.yaml"), "# staging differs from the base in its secrets only\n");
        Path plain = Files.writeString(work.resolve("plain.yaml"), "db_password: " + DB_PASSWORD + "\n");
        CliProcess.Result genkey = CliProcess.deploy(work.resolve("cli"), "secrets", "genkey");
        Map<String, String> key = Map.of("DEPLOYER_SECRETS_KEY", genkey.stdout().strip());
        CliProcess.Result encrypt = CliProcess.deploy(work.resolve("cli"), key, "secrets", "encrypt", "--config", config.toString(),
                "--environment", "staging", plain.toString());
        assertThat(encrypt.exitCode()).as(encrypt.all()).isZero();
        Files.delete(plain);

        Path saved = work.resolve("plan.json");
        Path logs = work.resolve("logs");
        CliProcess.Result build = CliProcess.run(CliProcess.BUILD_TASKLIST, work.resolve("cli"), Duration.ofMinutes(2), key,
                "--config", config.toString(), "--environment", "staging", "--save", saved.toString(), "--dump", "-d",
                "--logdir", logs.toString());
        assertThat(build.exitCode()).as(build.all()).isZero();
        assertThat(Files.readString(saved)).contains("printf %s ${secret:db_password} > " + seen);
        assertThat(seen).as("build-tasklist runs nothing").doesNotExist();

        // First run: the migration sees the password, says it on stderr, then fails (no allow file): the error, the
        // summary and its output tail are masked too.
        CliProcess.Result failed = CliProcess.deploy(work.resolve("cli"), key, "--tasklist", saved.toString(), "--config", config.toString(),
                "--environment", "staging", "-d", "--logdir", logs.toString());
        assertThat(failed.exitCode()).as(failed.all()).isEqualTo(1);
        assertThat(seen).hasContent(DB_PASSWORD);
        assertThat(failed.stdout()).contains("FAILED  4.1 migration_script", "NON_ZERO_EXIT: migration failed (exit status 1): login as ********",
                "| ******** (output line hidden: it held a sensitive value)",
                "Run id: ", " · environment: staging · journal: ", "--environment staging");
        Files.delete(seen);
        Files.writeString(allow, "");

        CliProcess.Result ok = CliProcess.deploy(work.resolve("cli"), key, "--tasklist", saved.toString(), "--config", config.toString(),
                "--environment", "staging", "-d", "--logdir", logs.toString());
        assertThat(ok.exitCode()).as(ok.all()).isZero();
        assertThat(seen).hasContent(DB_PASSWORD);
        // The migration runs in the new release: its shell line starts with the cd there.
        assertThat(ok.stderr()).contains("environment staging", "Running: cd -- ", "\nprintf %s ******** > " + seen);

        List<Path> journals = files(logs, ".journal");
        assertThat(journals).hasSize(2);
        for (Path j : journals) {
            assertThat(Files.readAllLines(j).get(0)).contains("\"event\":\"run_started\"", "\"environment\":\"staging\"");
        }
        List<String> artifacts = new ArrayList<>();
        for (CliProcess.Result r : List.of(genkey, encrypt, build, failed, ok)) {
            artifacts.add(r.stdout());
            artifacts.add(r.stderr());
        }
        try (Stream<Path> all = Files.walk(work)) {
            for (Path f : all.filter(Files::isRegularFile).toList()) {
                artifacts.add(f + ":\n" + Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        assertThat(files(logs, ".log")).hasSize(3);
        assertThat(artifacts).allSatisfy(text -> assertThat(text).doesNotContain(DB_PASSWORD));
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.toString().endsWith(suffix)).sorted().toList();
        }
    }
}
