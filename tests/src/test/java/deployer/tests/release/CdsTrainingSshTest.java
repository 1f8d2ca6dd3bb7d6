package deployer.tests.release;

import deployer.tests.fixtures.SshPlans;

import deployer.core.testing.CliProcess;
import deployer.core.testing.OpenSshServers;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The training run's SSH step (CdsTraining given an SSH config and tasklist, as the self-contained release's build
 * gives them for its throwaway server): it deploys that tasklist over SSH for real. A step that stopped working would
 * only leave the SSH classes out of the AOT cache, silently (SelfContainedReleaseSshTest sees that where a JDK 25
 * built the release; this sees the step itself everywhere).
 */
@Tag("sshd")
class CdsTrainingSshTest {

    @RegisterExtension
    static OpenSshServers ssh = OpenSshServers.hosts(1);

    @Test
    void theSshStepDeploysItsTasklistOverSsh(@TempDir Path work) throws Exception {
        Path marker = ssh.writableDir("trained").resolve("marker");
        Path plan = SshPlans.tasklist(work.resolve("plan.json"), "Training",
                List.of(SshPlans.stage("Reach", 1, 1, List.of(SshPlans.task(ssh.host(0).remoteHost(), "touch '" + marker + "'")))));
        Path config = SshPlans.config(work.resolve("deploy.yaml"), ssh.clientConfigYaml());

        CliProcess.Result r = CliProcess.run("deployer.core.internal.cli.perf.CdsTraining", work, Duration.ofMinutes(2),
                CliProcess.projectRoot().resolve("conf/test.yaml").toString(), config.toString(), plan.toString());

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stderr()).as(r.stderr())
                .contains("cds training: deploy over ssh: exit 0", "cds training: every step succeeded");
        assertThat(marker).as("the task ran on the SSH host").exists();
        assertThat(ssh.logins(0)).as("logins").isEqualTo(1);
    }
}
