package deployer.tests.operator;

import deployer.core.testing.CliProcess;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One deploy at a time, through real deploy processes on two {@code local:NAME} hosts with their own roots: a
 * second run of the same config is refused naming the holder, or waits with --lock-wait; locks are released after
 * a failure and after Ctrl-C; an expired lease is taken over; two --no-lock runs never share a temporary path.
 * The first run's service start blocks at a gate file, so the second starts while the first provably holds the locks.
 */
class DeployLockTest {

    @TempDir
    Path work;
    LockBed bed;

    @BeforeEach
    void hosts() throws Exception {
        Path root = Files.createDirectories(work.resolve("hosts"));
        bed = new LockBed(work, root, List.of("local:lk1", "local:lk2"), List.of("lk1", "lk2"), "");
    }

    @Test
    void aSecondRunIsRefusedNamingTheHolderAndTheFirstFinishesUntouched() throws Exception {
        Process first = bed.start("first");
        String firstRun = bed.runId("first");
        bed.awaitStarts(0, 1);
        // The first run is inside its deploy stage: it holds both locks, and its upload is in its temporary folder.
        for (int i = 0; i < 2; i++) {
            assertThat(bed.lease(i)).contains("run_id=" + firstRun, "pid=" + first.pid());
        }
        assertThat(bed.temp(1)).containsExactly(LockBed.RELEASE + "." + firstRun);

        CliProcess.Result second = bed.deploy("second");
        assertThat(second.exitCode()).as(second.all()).isEqualTo(1);
        assertThat(second.stdout()).contains("FAILED  1.1 acquire_lock on local:lk1 [demo-web]: LOCKED: deploy lock "
                        + bed.lockDir(0) + " is held by run " + firstRun + " of ",
                "(pid " + first.pid() + ") since 20", ", from ", "lease expires in", "--lock-wait SECONDS");
        // Refused before it touched anything: the first run's locks and files are as they were.
        assertThat(bed.lease(0)).contains("run_id=" + firstRun);
        assertThat(bed.lease(1)).contains("run_id=" + firstRun);
        assertThat(bed.temp(1)).containsExactly(LockBed.RELEASE + "." + firstRun);
        assertThat(Files.readAllLines(bed.hostRoot(0).resolve("starts"))).hasSize(1);
        assertThat(second.stderr()).doesNotContain("Starting stage: Upload packages")
                .contains("release_lock on local:lk1 [demo-web] skipped: the deploy lock " + bed.lockDir(0) + " is held by run " + firstRun + " of ")
                .contains("not by this run; left alone");

        bed.openGate();
        CliProcess.Result r = bed.finish("first", first);
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stdout()).contains(": SUCCEEDED");
        bed.assertEveryHostFinished();
    }

    @Test
    void aSecondRunWithLockWaitWaitsForTheFirstThenDeploys() throws Exception {
        Process first = bed.start("first");
        bed.awaitStarts(0, 1);
        Process second = bed.start("second", "--lock-wait", "120");
        bed.awaitStderr("second", "Waiting up to 120 s for the deploy lock " + bed.lockDir(0));
        assertThat(second.isAlive()).isTrue();
        bed.openGate();

        CliProcess.Result r1 = bed.finish("first", first);
        CliProcess.Result r2 = bed.finish("second", second);
        assertThat(r1.exitCode()).as(r1.all()).isZero();
        assertThat(r2.exitCode()).as(r2.all()).isZero();
        assertThat(r2.stderr()).contains("Reached the deploy lock", "this plan was made before");
        // One after the other: every host started twice, the second run's starts after the first's finished.
        assertThat(Files.readAllLines(bed.hostRoot(0).resolve("starts"))).hasSize(2);
        assertThat(Files.readAllLines(bed.hostRoot(1).resolve("starts"))).hasSize(2);
        bed.assertEveryHostFinished();
    }

    @Test
    void theLeaseIsRenewedWhileTheRunLives() throws Exception {
        LockBed shortLease = new LockBed(work, bed.root, bed.hosts, bed.hostnames, "lock_ttl: 6\n");
        Process p = shortLease.start("renewing");
        shortLease.awaitStarts(0, 1);
        long first = expires(shortLease.lease(0));
        Instant deadline = Instant.now().plusSeconds(60);
        while (expires(shortLease.lease(0)) <= first) {
            assertThat(Instant.now()).as("waiting for the lease to be renewed").isBefore(deadline);
            Thread.sleep(100);
        }
        assertThat(shortLease.lease(0)).contains("run_id=" + shortLease.runId("renewing"));
        shortLease.openGate();
        CliProcess.Result r = shortLease.finish("renewing", p);
        assertThat(r.exitCode()).as(r.all()).isZero();
        shortLease.assertEveryHostFinished();
    }

    private static long expires(String lease) {
        return lease.lines().filter(l -> l.startsWith("expires=")).mapToLong(l -> Long.parseLong(l.substring(8))).findFirst().orElseThrow();
    }

    @Test
    void aSavedPlanRunTwiceAtOnceGetsItsOwnTempPathsAndTheSecondIsRefused() throws Exception {
        Path plan = work.resolve("plan.json");
        CliProcess.Result saved = CliProcess.buildTasklist(work.resolve("build"), "--config", bed.config.toString(), "--redeploy",
                "--save", plan.toString());
        assertThat(saved.exitCode()).as(saved.all()).isZero();
        // The plan holds the placeholder, not the planning run's id.
        assertThat(Files.readString(plan)).contains(LockBed.RELEASE + ".{run_id}", "\"always\": true", "acquire_lock");

        Process first = CliProcess.start(CliProcess.DEPLOY, work.resolve("first"), "--tasklist", plan.toString());
        String firstRun = bed.runId("first");
        bed.awaitStarts(0, 1);
        assertThat(bed.temp(1)).containsExactly(LockBed.RELEASE + "." + firstRun);
        CliProcess.Result second = CliProcess.deploy(work.resolve("second"), "--tasklist", plan.toString());
        assertThat(second.exitCode()).as(second.all()).isEqualTo(1);
        assertThat(second.stdout()).contains("LOCKED", "held by run " + firstRun);
        CliProcess.Result noLock = CliProcess.deploy(work.resolve("no-lock"), "--tasklist", plan.toString(), "--no-lock");
        assertThat(noLock.exitCode()).as(noLock.all()).isEqualTo(2);
        assertThat(noLock.stderr()).contains("--lock-wait and --no-lock shape a generated plan; with --tasklist");

        bed.openGate();
        CliProcess.Result r = CliProcess.finish(first, work.resolve("first"), java.time.Duration.ofMinutes(3));
        assertThat(r.exitCode()).as(r.all()).isZero();
        bed.assertEveryHostFinished();
    }

    @Test
    void badLockOptionsAreUsageErrorsAndNothingRuns() throws Exception {
        CliProcess.Result negative = bed.deploy("negative", "--lock-wait", "-5");
        assertThat(negative.exitCode()).as(negative.all()).isEqualTo(2);
        assertThat(negative.stderr()).contains("--lock-wait: expected a whole number of seconds from 0 to 86400, got '-5'");
        CliProcess.Result both = bed.deploy("both", "--lock-wait", "5", "--no-lock");
        assertThat(both.exitCode()).as(both.all()).isEqualTo(2);
        assertThat(both.stderr()).contains("give only one of --lock-wait and --no-lock");
        assertThat(bed.hostRoot(0)).doesNotExist();
    }

    @Test
    void aFailedRunReleasesItsLocks() throws Exception {
        Files.createFile(bed.root.resolve("fail"));
        CliProcess.Result failed = bed.deploy("failed");
        assertThat(failed.exitCode()).as(failed.all()).isEqualTo(1);
        assertThat(failed.stdout()).contains("FAILED", "start_service on local:lk1");
        assertThat(failed.stderr()).contains("Finished stage: Release deploy locks");
        assertThat(bed.lockDir(0)).doesNotExist();
        assertThat(bed.lockDir(1)).doesNotExist();

        Files.delete(bed.root.resolve("fail"));
        bed.openGate();
        CliProcess.Result again = bed.deploy("again");
        assertThat(again.exitCode()).as(again.all()).isZero();
        bed.assertEveryHostFinished();
    }

    @Test
    void ctrlCOnceLetsTheRunningChainFinishThenReleasesTheLocks() throws Exception {
        Process p = bed.start("stopped");
        bed.awaitStarts(0, 1);
        CliProcess.interrupt(p);
        bed.awaitStderr("stopped", "Interrupted: starting nothing new");
        bed.openGate();
        CliProcess.Result r = bed.finish("stopped", p);

        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.stdout()).contains("STOPPED", "NOT_RUN");
        assertThat(Files.readString(bed.hostRoot(0).resolve("state")).strip()).isEqualTo("running");
        assertThat(bed.hostRoot(1).resolve("state")).doesNotExist();
        assertThat(bed.lockDir(0)).doesNotExist();
        assertThat(bed.lockDir(1)).doesNotExist();
    }

    @Test
    void ctrlCTwiceAbortsTheRunningStartAndStillReleasesTheLocksOnFreshConnections() throws Exception {
        Process p = bed.start("aborted");
        bed.awaitStarts(0, 1);
        CliProcess.interrupt(p);
        bed.awaitStderr("aborted", "Interrupted: starting nothing new");
        CliProcess.interrupt(p);
        CliProcess.Result r = bed.finish("aborted", p);

        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.stdout()).contains("start_service on local:lk1 [demo-web]: INTERRUPTED");
        assertThat(r.stderr()).contains("Connecting afresh for the finishing stage",
                "Finished stage: Release deploy locks");
        assertThat(bed.gate()).doesNotExist();
        assertThat(bed.lockDir(0)).doesNotExist();
        assertThat(bed.lockDir(1)).doesNotExist();
    }

    @Test
    void aRunKilledHoldingTheLocksIsNamedDeadAndLockReleaseRemovesItsLocks() throws Exception {
        Process first = bed.start("first");
        String firstRun = bed.runId("first");
        bed.awaitStarts(0, 1);
        first.destroyForcibly().waitFor();
        assertThat(bed.lease(0)).contains("run_id=" + firstRun);

        CliProcess.Result second = bed.deploy("second");
        assertThat(second.exitCode()).as(second.all()).isEqualTo(1);
        assertThat(second.stdout()).contains("LOCKED: deploy lock " + bed.lockDir(0) + " is held by run " + firstRun,
                "pid " + first.pid() + " is not running on this machine", "that run died holding the lock",
                "--resume", "deploy lock release --config FILE");

        CliProcess.Result release = CliProcess.deploy(work.resolve("release"), "lock", "release", "--config", bed.config.toString());
        assertThat(release.exitCode()).as(release.all()).isZero();
        for (int i = 0; i < 2; i++) {
            assertThat(release.stdout()).contains("removed the deploy lock " + bed.lockDir(i) + "; it was held by run " + firstRun
                    + " of ", "(pid " + first.pid() + ")");
            assertThat(bed.lockDir(i)).doesNotExist();
        }
        assertThat(release.stdout()).contains("Removed 2 of 2 deploy lock(s)");

        CliProcess.Result again = CliProcess.deploy(work.resolve("release-again"), "lock", "release", "--config", bed.config.toString());
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(again.stdout()).contains("the deploy lock " + bed.lockDir(0) + " is not held", "Removed 0 of 2 deploy lock(s)");

        CliProcess.Result help = CliProcess.deploy(work.resolve("help"), "--help");
        assertThat(help.stdout()).contains("deploy lock release");
        CliProcess.Result noConfig = CliProcess.deploy(work.resolve("no-config"), "lock", "release");
        assertThat(noConfig.exitCode()).isEqualTo(2);
        assertThat(noConfig.stderr()).contains("--config FILE is required");

        bed.openGate();
        CliProcess.Result third = bed.deploy("third");
        assertThat(third.exitCode()).as(third.all()).isZero();
    }

    @Test
    void anExpiredLeaseIsTakenOverWithAWarningNamingTheOldHolder() throws Exception {
        Files.createDirectories(bed.lockDir(1));
        long past = Instant.now().getEpochSecond() - 7200;
        Files.writeString(bed.lockDir(1).resolve("lease"), "run_id=20261127T000000Z-dead\noperator=ghost@old-ctl\npid=4242\n"
                + "started=" + past + "\nexpires=" + (past + 600) + "\n");
        bed.openGate();
        CliProcess.Result r = bed.deploy("takeover");

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stderr()).containsPattern("WARN .*Taking over the deploy lock " + bed.lockDir(1)
                + ": its lease expired \\d+ s ago; it was held by run 20261127T000000Z-dead of ghost@old-ctl \\(pid 4242\\)");
        bed.assertEveryHostFinished();
    }

    @Test
    void twoNoLockRunsAtOnceNeverShareATemporaryPath() throws Exception {
        Process first = bed.start("first", "--no-lock");
        String firstRun = bed.runId("first");
        bed.awaitStarts(0, 1);
        Process second = bed.start("second", "--no-lock");
        String secondRun = bed.runId("second");
        bed.awaitStarts(0, 2);
        assertThat(firstRun).isNotEqualTo(secondRun);
        // Both runs are inside their deploy stage: each has its own upload on every host, whole.
        long size = Files.size(CliProcess.projectRoot().resolve("conf/demo/packages/v1").resolve(LockBed.PACKAGE));
        for (int i = 0; i < 2; i++) {
            assertThat(bed.temp(i)).containsExactly(LockBed.RELEASE + "." + firstRun, LockBed.RELEASE + "." + secondRun);
            for (String run : List.of(firstRun, secondRun)) {
                assertThat(Files.size(bed.tempDir(i).resolve(LockBed.RELEASE + "." + run).resolve(LockBed.PACKAGE))).isEqualTo(size);
            }
            assertThat(bed.lockDir(i)).doesNotExist();
        }
        bed.openGate();
        CliProcess.Result r1 = bed.finish("first", first);
        CliProcess.Result r2 = bed.finish("second", second);
        assertThat(r1.exitCode()).as(r1.all()).isZero();
        assertThat(r2.exitCode()).as(r2.all()).isZero();
        assertThat(r1.stderr() + r2.stderr()).doesNotContain("_lock", "deploy lock");
        bed.assertEveryHostFinished();
    }
}
