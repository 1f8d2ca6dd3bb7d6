package deployer.commands;

import deployer.core.internal.exec.CommandRegistry;
import deployer.core.spi.Command;
import deployer.core.spi.CommandArgument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every command against its declared arguments (from which COMMANDS.md is generated; the tarball generator is
 * written against it): initialize reads exactly what is declared, and every missing required or mistyped argument is
 * reported once, in the declaration's words.
 */
class ArgumentContractTest {

    /** A valid argument set per command: every documented argument, so each can be removed or mistyped in turn. */
    static final Map<String, Map<String, Object>> VALID = new TreeMap<>();

    static {
        valid("test_command", "message", "hi", "optional_argument", "x");
        valid("execute_command", "shell", "true", "pty", false);
        valid("stream", "from_host", "db1", "from", "pg_dump app", "to_host", "db2", "to", "psql app");
        valid("upload", "source", "/tmp/web_1.tar.gz", "destination", "/tmp/incoming");
        valid("fetch_release", "url", "https://repo.example/web_1.tar.gz", "destination", "/tmp/incoming", "fetch", "hosts",
                "sha256", "0".repeat(64), "username", "ci", "password", "pw", "cache_dir", "/tmp/cache");
        valid("unpack", "source", "/tmp/web_1.tar.gz", "destination", "/tmp/web_1");
        valid("create_directory", "path", "/tmp/d", "clobber", true, "mode", "0755");
        valid("copy_file", "source", "/tmp/a", "destination", "/tmp/b", "clobber", true);
        valid("move_file", "source", "/tmp/a", "destination", "/tmp/b", "clobber", true);
        valid("remove_file", "path", "/tmp/a", "recursive", true);
        valid("write_file", "path", "/tmp/a", "contents", "secret", "mode", "0640");
        valid("symlink", "source", "web_1", "destination", "/tmp/web", "history_file", "/tmp/.web.history", "history_action", "rollback",
                "history_note", "automatic");
        valid("cleanup", "path", "/tmp", "filespec", "web_*", "keepversions", 3, "current_link", "/tmp/web");
        valid("control_service", "servicename", "web", "shell", "echo {servicename} {port} {hostname} {version} {install_location}",
                "port", 8080, "hostname", "h1", "version", "1.0", "install_location", "/opt");
        valid("check_service", "servicename", "web", "check_command", "test -e /tmp/{servicename}", "want_state", "down",
                "check_timeout", 5, "interval", 0.5, "port", 8080, "hostname", "h1", "version", "1.0", "install_location", "/opt");
        for (String c : List.of("stop_service", "start_service", "restart_service", "reload_service")) {
            valid(c, "servicename", "web", "control_command", "echo {servicename}", "check_command", "true",
                    "control_timeout", 5, "interval", 1, "port", 8080, "hostname", "h1", "version", "1.0", "install_location", "/opt");
        }
        valid("health_check", "shell", "curl -fs http://{hostname}:{port}/", "check_timeout", 5, "interval", 1,
                "port", 8080, "hostname", "h1", "servicename", "web", "version", "1.0", "install_location", "/opt");
        for (String c : List.of("disable_load_balancer", "enable_load_balancer")) {
            valid(c, "servicename", "web", "shell", "echo lb {servicename} {hostname}", "check_command", "true",
                    "lb_timeout", 5, "interval", 1, "port", 8080, "hostname", "h1", "version", "1.0", "install_location", "/opt");
        }
        valid("migration_script", "shell", "{install_location}/{servicename}_{version}/migrate", "if_exists",
                "{install_location}/{servicename}_{version}/migrate", "servicename", "web", "version", "1.0",
                "install_location", "/opt", "port", 8080, "hostname", "h1");
        valid("get_remote_versions", "install_location", "/opt", "services", List.of("web", "api"));
        valid("send_graphite", "metric", "deploy.start", "value", 1, "carbon_host", "127.0.0.1", "carbon_port", 2003,
                "metric_prefix", "team");
        valid("acquire_lock", "path", "/opt/.deploy-lock.web", "ttl", 600, "wait", 30);
        valid("release_lock", "path", "/opt/.deploy-lock.web");
        valid("run_hook", "shell", "echo $DEPLOY_VERSION", "hook", "after_deploy");
        valid("gate_pause", "seconds", 300, "after", "web batch 1 of 3");
        valid("gate_approve", "timeout", 1800, "then", "abort", "after", "web batch 1 of 3");
        valid("gate_http", "url", "http://{host}:8080/health", "hosts", List.of("a", "b"), "expect", 200, "body_contains", "OK",
                "every", 10, "for", 120, "after", "web batch 1 of 3");
        valid("gate_prometheus", "url", "http://127.0.0.1:9090", "query", "max(error_ratio)", "max", 0.05, "min", 0,
                "every", 15, "for", 120, "after", "web batch 1 of 3");
        valid("rollback_check", "servicename", "web", "link", "/opt/web", "release", "/opt/web_2", "previous", "/opt/web_1");
        valid("rollback_summary", "servicename", "web", "version", "2", "hosts", Map.of("web1", Map.of("link", "/opt/web",
                "history", "/opt/.web.history", "release", "/opt/web_2", "previous", "/opt/web_1")));
        valid("gate_command", "shell", "check-error-rate", "env", Map.of("DEPLOY_SERVICE", "web"), "after", "web batch 1 of 3");
        valid("notify", "url", "http://127.0.0.1:9/hook", "event", "start", "title", "Deploy web 1.2", "action", "deploy",
                "environment", "prod", "services", List.of("web"), "version", "1.2", "hosts", List.of("a", "b"),
                "request_timeout", 2, "delivery_retries", 1);
        valid("upload_template", "template", aTemplate("x={{x}}\n").toString(), "destination", "/opt/web/app.conf",
                "values", Map.of("x", 1L), "mode", "0640", "owner", "web:web", "diff_against", "/opt/web.current/app.conf",
                "record", "/opt/web/.deployer-templates/app.conf", "fingerprint", "0".repeat(64));
    }

    private static Path aTemplate(String text) {
        try {
            // A template as a repository holds it (createTempFile's 0600 is narrower than the contract's example mode).
            Path file = Files.createTempFile("contract", ".mustache",
                    java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--")));
            file.toFile().deleteOnExit();
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void valid(String command, Object... keyValues) {
        Map<String, Object> args = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            args.put((String) keyValues[i], keyValues[i + 1]);
        }
        VALID.put(command, args);
    }

    static Stream<String> commands() {
        return VALID.keySet().stream();
    }

    @Test
    void theRegistryHoldsExactlyTheCommandsOfThisTable() {
        assertThat(CommandRegistry.load().names()).containsExactlyInAnyOrderElementsOf(VALID.keySet());
    }

    @ParameterizedTest
    @MethodSource("commands")
    void initializeReadsExactlyTheDeclaredArguments(String command) {
        Command c = CommandRegistry.load().create(command).orElseThrow();
        Set<String> declared = declared(command).keySet();
        assertThat(declared).as("the table of " + command).containsAll(VALID.get(command).keySet());
        CommandTester tester = CommandTester.command(command).args(VALID.get(command));
        assertThat(tester.problems()).isEmpty();
        // An argument read but not declared would be refused as unknown; one declared but never read, ignored.
        assertThat(tester.initialize(c).read()).as("arguments " + command + " reads").containsExactlyInAnyOrderElementsOf(declared);
    }

    @ParameterizedTest
    @MethodSource("commands")
    void everyMissingRequiredArgumentIsReportedByName(String command) {
        for (CommandArgument a : declared(command).values()) {
            if (!a.required()) {
                continue;
            }
            assertThat(CommandTester.command(command).args(VALID.get(command)).without(a.name()).problems())
                    .as(command + " without " + a.name())
                    .containsOnlyOnce("missing required argument '" + a.name() + "' (" + a.type().describe() + ")");
        }
    }

    @ParameterizedTest
    @MethodSource("commands")
    void everyMistypedArgumentIsReportedByName(String command) {
        for (String key : VALID.get(command).keySet()) {
            if (VALID.get(command).get(key) instanceof Map) {
                continue; // an object is the right type (upload_template's values)
            }
            assertThat(CommandTester.command(command).args(VALID.get(command)).arg(key, Map.of("not", "this")).problems())
                    .as(command + " with " + key + " as an object")
                    .containsOnlyOnce("argument '" + key + "': expected " + declared(command).get(key).type().describe()
                            + (declared(command).get(key).sensitive() ? "" : ", got an object"));
        }
    }

    @ParameterizedTest
    @MethodSource("commands")
    void anUnknownArgumentIsReported(String command) {
        assertThat(CommandTester.command(command).args(VALID.get(command)).arg("colour", "blue").problems())
                .containsExactly("unknown argument 'colour'");
    }

    private static Map<String, CommandArgument> declared(String command) {
        Map<String, CommandArgument> m = new LinkedHashMap<>();
        CommandRegistry.load().create(command).orElseThrow().arguments().forEach(a -> m.put(a.name(), a));
        assertThat(m).as(command + " declares its arguments").isNotEmpty();
        return m;
    }
}
