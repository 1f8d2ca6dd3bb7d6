package deployer.commands.service;

import deployer.core.spi.CommandResult.Outcome;
import deployer.core.spi.FailureReason;
import deployer.core.spi.HostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static deployer.commands.CommandTester.command;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Service commands against a "service" made of a state file on a real host: up while {install_location}/{servicename}.up
 * exists. Control commands change it in the background after a moment, so the polling is real.
 */
class ServiceCommandsTest {

    private static final String CHECK = "test -e {install_location}/{servicename}.up";
    private static final String START_LATER = "( sleep 0.3; touch {install_location}/{servicename}.up ) >/dev/null 2>&1 &";
    private static final String STOP_LATER = "( sleep 0.3; rm -f {install_location}/{servicename}.up ) >/dev/null 2>&1 &";

    @TempDir
    Path dir;

    private Path upFile() {
        return dir.resolve("web.up");
    }

    @Test
    void controlServiceFillsQuotedValuesWithTheHostNameByDefault() throws Exception {
        Path out = dir.resolve("out");
        var run = command("control_service").arg("servicename", "web; touch pwned").arg("port", 8080)
                .arg("install_location", dir.toString())
                .arg("shell", "printf '%s\\n' {servicename} {port} {hostname} > {install_location}/out").run();
        assertThat(run.result().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(Files.readAllLines(out)).containsExactly("web; touch pwned", "8080", "t1");
        assertThat(dir.resolve("pwned")).doesNotExist();
    }

    @Test
    void controlServiceFailureSaysWhyFromStderr() throws Exception {
        var run = command("control_service").arg("servicename", "web")
                .arg("shell", "echo starting; echo 'web: port 8080 in use' >&2; exit 3").run();
        assertThat(run.result().reason()).isEqualTo(FailureReason.NON_ZERO_EXIT);
        assertThat(run.message()).isEqualTo("control command of service web failed (exit status 3): web: port 8080 in use");
        assertThat(run.result().outputTail()).containsExactly("web: port 8080 in use");
    }

    @Test
    void checkServiceWaitsForUpAndForDown() throws Exception {
        var notYet = command("check_service").arg("servicename", "web").arg("install_location", dir.toString())
                .arg("check_command", CHECK + " && echo up").arg("check_timeout", 0.3).arg("interval", 0.05).run();
        assertThat(notYet.result().reason()).isEqualTo(FailureReason.TIMEOUT);
        assertThat(notYet.message()).contains("service web up not reached within", "last check: exit status 1 from test -e");

        Files.createFile(upFile());
        var up = command("check_service").arg("servicename", "web").arg("install_location", dir.toString())
                .arg("check_command", CHECK).run();
        assertThat(up.result().outcome()).isEqualTo(Outcome.SUCCEEDED);

        var down = command("check_service").arg("servicename", "web").arg("install_location", dir.toString())
                .arg("check_command", CHECK).arg("want_state", "down").arg("check_timeout", 0.3).arg("interval", 0.05).run();
        assertThat(down.result().reason()).isEqualTo(FailureReason.TIMEOUT);
        assertThat(down.message()).contains("service web down not reached");
    }

    @Test
    void startServiceRunsTheControlCommandThenPollsUntilUp() throws Exception {
        var run = command("start_service").arg("servicename", "web").arg("install_location", dir.toString())
                .arg("control_command", START_LATER).arg("check_command", CHECK).arg("interval", 0.05).run();
        assertThat(run.result().outcome()).as(run.message()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(upFile()).exists();
        assertThat(run.message()).isEqualTo("start_service web: service up");
    }

    @Test
    void stopServicePollsUntilDown() throws Exception {
        Files.createFile(upFile());
        var run = command("stop_service").arg("servicename", "web").arg("install_location", dir.toString())
                .arg("control_command", STOP_LATER).arg("check_command", CHECK).arg("interval", 0.05).run();
        assertThat(run.result().outcome()).as(run.message()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(upFile()).doesNotExist();
    }

    @Test
    void restartAndReloadWantTheServiceUp() throws Exception {
        for (String name : new String[]{"restart_service", "reload_service"}) {
            var run = command(name).arg("servicename", "web").arg("install_location", dir.toString())
                    .arg("control_command", "rm -f {install_location}/{servicename}.up; " + START_LATER)
                    .arg("check_command", CHECK).arg("interval", 0.05).run();
            assertThat(run.result().outcome()).as(run.message()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(upFile()).exists();
        }
    }

    @Test
    void withoutACheckCommandTheControlCommandIsEnough() throws Exception {
        var run = command("start_service").arg("servicename", "web").arg("control_command", "true").run();
        assertThat(run.result().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(run.message()).contains("no check command");
    }

    @Test
    void aControlCommandThatNeverReturnsTimesOut() {
        assertThatThrownBy(() -> command("start_service").arg("servicename", "web").arg("control_command", "sleep 30")
                .arg("control_timeout", 0.5).run())
                .isInstanceOfSatisfying(HostException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.TIMEOUT));
    }

    @Test
    void aFailedControlCommandIsNotFollowedByWaiting() throws Exception {
        var run = command("stop_service").arg("servicename", "web").arg("control_command", "echo no such unit >&2; false")
                .arg("check_command", "true").run();
        assertThat(run.result().reason()).isEqualTo(FailureReason.NON_ZERO_EXIT);
        assertThat(run.message()).isEqualTo("stop_service web: service down: control command failed (exit status 1): no such unit");
    }

    @Test
    void aStoppingRunEndsTheWaitEarly() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        var run = command("check_service").arg("servicename", "web").arg("check_command", "false")
                .arg("check_timeout", 600).stopWhen(() -> asked.incrementAndGet() > 2).run();
        assertThat(run.result().reason()).isEqualTo(FailureReason.INTERRUPTED);
        assertThat(run.message()).contains("stopped waiting for service web up");
    }

    @Test
    void templateMistakesAreValidationProblems() {
        assertThat(command("start_service").arg("servicename", "web").arg("control_command", "start {service}").problems())
                .singleElement().asString().contains("'control_command'", "unknown placeholder {service}");
        assertThat(command("start_service").arg("servicename", "web").arg("control_command", "start {version}").problems())
                .singleElement().asString().contains("uses {version}, but argument 'version' is not given");
        assertThat(command("start_service").arg("servicename", "web").arg("control_command", "start '{servicename}'").problems())
                .singleElement().asString().contains("inside quotes");
        assertThat(command("check_service").arg("servicename", "web").arg("check_command", "true").arg("want_state", "sideways").problems())
                .singleElement().asString().contains("'want_state'", "\"up\" or \"down\"");
        assertThat(command("start_service").arg("servicename", "web").arg("control_command", "true").arg("port", 70000).problems())
                .singleElement().asString().contains("'port'", "1 to 65535");
        assertThat(command("start_service").arg("servicename", "web").arg("control_command", "true").arg("interval", 0).problems())
                .singleElement().asString().contains("'interval'");
        assertThat(command("start_service").arg("servicename", "web").arg("control_command", "true").arg("control_timeout", -1).problems())
                .singleElement().asString().contains("'control_timeout'");
    }

    @Test
    void loadBalancerCommandsChangeThenWaitForTheState() throws Exception {
        Path pool = dir.resolve("pool");
        Files.createDirectories(pool);
        String member = "{install_location}/pool/{hostname}";
        var disable = command("disable_load_balancer").arg("servicename", "web").arg("hostname", "web1")
                .arg("install_location", dir.toString())
                .arg("shell", "( sleep 0.2; rm -f " + member + " ) >/dev/null 2>&1 &")
                .arg("check_command", "test ! -e " + member).arg("interval", 0.05).run();
        assertThat(disable.result().outcome()).as(disable.message()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(disable.message()).isEqualTo("web on web1 disabled in the load balancer");

        var enable = command("enable_load_balancer").arg("servicename", "web").arg("hostname", "web1")
                .arg("install_location", dir.toString())
                .arg("shell", "touch " + member).arg("check_command", "test -e " + member).run();
        assertThat(enable.result().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(pool.resolve("web1")).exists();

        var stuck = command("enable_load_balancer").arg("servicename", "web").arg("shell", "true")
                .arg("check_command", "echo still draining >&2; false").arg("lb_timeout", 0.2).arg("interval", 0.05).run();
        assertThat(stuck.result().reason()).isEqualTo(FailureReason.TIMEOUT);
        assertThat(stuck.result().outputTail()).containsExactly("still draining");
    }

    @Test
    void migrationRunsOnlyWhenTheScriptExists() throws Exception {
        Path release = Files.createDirectories(dir.resolve("web_1.0"));
        String script = "{install_location}/{servicename}_{version}/migrate.sh";
        var skipped = command("migration_script").arg("servicename", "web").arg("version", "1.0")
                .arg("install_location", dir.toString()).arg("if_exists", script).arg("shell", "sh " + script).run();
        assertThat(skipped.result().outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(skipped.message()).contains(release.resolve("migrate.sh") + " does not exist");

        Files.writeString(release.resolve("migrate.sh"), "echo migrated > \"$(dirname \"$0\")/done\"\n");
        var ran = command("migration_script").arg("servicename", "web").arg("version", "1.0")
                .arg("install_location", dir.toString()).arg("if_exists", script).arg("shell", "sh " + script).run();
        assertThat(ran.result().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(release.resolve("done")).hasContent("migrated");

        var failed = command("migration_script").arg("shell", "echo 'relation exists' >&2; exit 2").run();
        assertThat(failed.result().reason()).isEqualTo(FailureReason.NON_ZERO_EXIT);
        assertThat(failed.message()).isEqualTo("migration failed (exit status 2): relation exists");
    }

    @Test
    void aMigrationWithAWorkingDirectoryRunsRelativePathsThere() throws Exception {
        // The README's form: paths relative to the release.
        Path release = Files.createDirectories(dir.resolve("web_1.0/db"));
        var skipped = command("migration_script").arg("working_directory", release.getParent().toString())
                .arg("if_exists", "db/migrate").arg("shell", "sh db/migrate").run();
        assertThat(skipped.result().outcome()).isEqualTo(Outcome.SKIPPED);

        Files.writeString(release.resolve("migrate"), "pwd > migrated-in\n");
        var ran = command("migration_script").arg("working_directory", release.getParent().toString())
                .arg("if_exists", "db/migrate").arg("shell", "sh db/migrate").run();
        assertThat(ran.result().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(release.getParent().resolve("migrated-in")).hasContent(release.getParent().toRealPath() + "\n");

        var missing = command("migration_script").arg("working_directory", dir.resolve("gone").toString())
                .arg("shell", "touch ran").run();
        assertThat(missing.result().reason()).isEqualTo(FailureReason.NON_ZERO_EXIT);
        assertThat(dir.resolve("gone")).doesNotExist();
    }
}
