package deployer.commands.lock;

import deployer.commands.CommandTester;
import deployer.core.model.RunId;
import deployer.core.spi.CommandResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** acquire_lock and release_lock on a real local host: the lock directory, its lease and who may remove it. */
class LockCommandsTest {

    private static final RunId A = new RunId("20261127T132713Z-aaaa");
    private static final RunId B = new RunId("20261127T132714Z-bbbb");

    private static CommandTester.Run acquire(Path lock, RunId run) throws Exception {
        return CommandTester.command("acquire_lock").arg("path", lock.toString()).runId(run).run();
    }

    private static CommandTester.Run release(Path lock, RunId run) throws Exception {
        return CommandTester.command("release_lock").arg("path", lock.toString()).runId(run).run();
    }

    @Test
    void theFirstRunTakesTheLockAndItsLeaseNamesTheRun(@TempDir Path dir) throws Exception {
        Path lock = dir.resolve("fresh/install/.deploy-lock.web");
        CommandTester.Run r = acquire(lock, A);
        assertThat(r.result().outcome()).as(r.message()).isEqualTo(CommandResult.Outcome.SUCCEEDED);
        String lease = Files.readString(lock.resolve("lease"));
        assertThat(lease).contains("run_id=" + A, "pid=" + ProcessHandle.current().pid(), "operator=" + System.getProperty("user.name") + "@");
        Lease parsed = Lease.parse(lease.lines().toList());
        assertThat(parsed.expires() - parsed.started()).isEqualTo(600);
        assertThat(lock.getParent().toFile().list()).containsExactly(".deploy-lock.web");
    }

    @Test
    void aSecondRunIsRefusedWithTheHolderNamedAndCannotReleaseIt(@TempDir Path dir) throws Exception {
        Path lock = dir.resolve(".deploy-lock.web");
        assertThat(acquire(lock, A).result().outcome()).isEqualTo(CommandResult.Outcome.SUCCEEDED);

        CommandTester.Run refused = acquire(lock, B);
        assertThat(refused.result().reason()).isEqualTo(AcquireLockCommand.LOCKED);
        assertThat(refused.message()).contains("held by run " + A, "pid " + ProcessHandle.current().pid(), "since 20", "--lock-wait");

        CommandTester.Run notOurs = release(lock, B);
        assertThat(notOurs.result().outcome()).isEqualTo(CommandResult.Outcome.SKIPPED);
        assertThat(notOurs.message()).contains("held by run " + A);
        assertThat(lock.resolve("lease")).exists();

        assertThat(release(lock, A).result().outcome()).isEqualTo(CommandResult.Outcome.SUCCEEDED);
        assertThat(lock).doesNotExist();
        assertThat(release(lock, A).result().outcome()).isEqualTo(CommandResult.Outcome.SKIPPED);
    }

    @Test
    void anExpiredLeaseIsTakenOverWithAWarningNamingTheOldHolder(@TempDir Path dir) throws Exception {
        Path lock = Files.createDirectories(dir.resolve(".deploy-lock.web"));
        long past = Instant.now().getEpochSecond() - 3600;
        Files.writeString(lock.resolve("lease"), "run_id=" + A + "\noperator=olga@old-ctl\npid=4242\nstarted=" + past
                + "\nexpires=" + (past + 600) + "\n");
        CommandTester.Run r = acquire(lock, B);
        assertThat(r.result().outcome()).as(r.message()).isEqualTo(CommandResult.Outcome.SUCCEEDED);
        assertThat(r.log().texts(org.slf4j.event.Level.WARN)).anySatisfy(l -> assertThat(l).contains("Taking over", "run " + A, "olga@old-ctl", "pid 4242"));
        assertThat(Files.readString(lock.resolve("lease"))).contains("run_id=" + B);
        assertThat(dir.toFile().list()).containsExactly(".deploy-lock.web");
    }
}
