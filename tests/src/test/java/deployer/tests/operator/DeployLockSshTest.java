package deployer.tests.operator;

import deployer.core.testing.CliProcess;
import deployer.core.testing.OpenSshServers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One deploy at a time over SSH: two real deploy processes of one config against two real OpenSSH hosts. The
 * locks, leases and temporary folders are on the hosts (written by the SSH login user); the first run's service start
 * blocks at a gate file, so the second starts while the first provably holds the locks.
 */
@Tag("sshd")
class DeployLockSshTest {

    @RegisterExtension
    static OpenSshServers ssh = OpenSshServers.hosts(2);

    @TempDir
    Path work;
    LockBed bed;

    @BeforeEach
    void hosts() throws Exception {
        Path root = ssh.writableDir("lock-" + work.getFileName());
        bed = new LockBed(work, root, ssh.hosts().stream().map(OpenSshServers.Host::remoteHost).toList(),
                ssh.hosts().stream().map(OpenSshServers.Host::address).toList(), ssh.clientConfigYaml());
    }

    @Test
    void aSecondRunIsRefusedNamingTheHolderAndNoHostIsLeftMidChain() throws Exception {
        Process first = bed.start("first");
        String firstRun = bed.runId("first");
        bed.awaitStarts(0, 1);
        assertThat(bed.lease(0)).contains("run_id=" + firstRun, "pid=" + first.pid());
        assertThat(Files.getOwner(bed.lockDir(0)).getName()).isEqualTo(ssh.user());
        assertThat(bed.temp(1)).containsExactly(LockBed.RELEASE + "." + firstRun);

        CliProcess.Result second = bed.deploy("second");
        assertThat(second.exitCode()).as(second.all()).isEqualTo(1);
        assertThat(second.stdout()).contains("FAILED  1.1 acquire_lock on " + bed.hosts.get(0) + " [demo-web]: LOCKED: deploy lock "
                + bed.lockDir(0) + " is held by run " + firstRun + " of ", "(pid " + first.pid() + ") since 20", ", from ");
        assertThat(bed.lease(0)).contains("run_id=" + firstRun);
        assertThat(bed.lease(1)).contains("run_id=" + firstRun);
        assertThat(bed.temp(1)).containsExactly(LockBed.RELEASE + "." + firstRun);

        bed.openGate();
        CliProcess.Result r = bed.finish("first", first);
        assertThat(r.exitCode()).as(r.all()).isZero();
        bed.assertEveryHostFinished();
    }

    @Test
    void aSecondRunWithLockWaitWaitsThenDeploys() throws Exception {
        Process first = bed.start("first");
        bed.awaitStarts(0, 1);
        Process second = bed.start("second", "--lock-wait", "120");
        bed.awaitStderr("second", "Waiting up to 120 s for the deploy lock " + bed.lockDir(0));
        bed.openGate();

        CliProcess.Result r1 = bed.finish("first", first);
        CliProcess.Result r2 = bed.finish("second", second);
        assertThat(r1.exitCode()).as(r1.all()).isZero();
        assertThat(r2.exitCode()).as(r2.all()).isZero();
        assertThat(r2.stderr()).contains("Reached the deploy lock");
        for (int i = 0; i < 2; i++) {
            assertThat(Files.readAllLines(bed.hostRoot(i).resolve("starts"))).hasSize(2);
        }
        bed.assertEveryHostFinished();
    }

    @Test
    void ctrlCTwiceStillReleasesTheLocksOverFreshConnections() throws Exception {
        Process p = bed.start("aborted");
        bed.awaitStarts(0, 1);
        CliProcess.interrupt(p);
        bed.awaitStderr("aborted", "Interrupted: starting nothing new");
        CliProcess.interrupt(p);
        CliProcess.Result r = bed.finish("aborted", p);

        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.stderr()).contains("Connecting afresh for the finishing stage", "Finished stage: Release deploy locks");
        for (int i = 0; i < 2; i++) {
            assertThat(bed.lockDir(i)).doesNotExist();
            assertThat(bed.temp(i)).isEmpty();
        }
        assertThat(List.of(bed.gate())).allSatisfy(g -> assertThat(g).doesNotExist());
    }
}
