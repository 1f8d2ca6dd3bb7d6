package deployer.tests.release;

import deployer.tests.fixtures.SshPlans;

import deployer.core.testing.CliProcess;
import deployer.core.testing.OpenSshServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The self-contained release's AOT cache holds an SSH connection: its build trains the cache on a deploy over SSH to
 * a throwaway server on loopback (dist/src/release/TrainingSshd.java), so a real SSH deploy of the release, here to
 * OpenSSH, takes sshj's classes from the cache, not from the jars. Fails, naming them, when the SSH step of the
 * training did not happen or stopped covering what a deploy over OpenSSH loads (e.g. after an sshj upgrade, or a
 * key exchange or cipher the training server does not offer). Only where the build made the self-contained release.
 */
@Tag("sshd")
class SelfContainedReleaseSshTest {

    /** sshj's packages (net.schmizz.* and com.hierynomus.sshj.*). */
    private static final Pattern SSHJ_CLASS = Pattern.compile(".*\\[class,load *\\] ((?:net\\.schmizz|com\\.hierynomus)\\.\\S+) source: (.*)");

    @RegisterExtension
    static OpenSshServers ssh = OpenSshServers.hosts(1);

    @TempDir
    static Path shared;
    static SelfContainedRelease release;

    @BeforeAll
    static void unpackTheRelease() throws Exception {
        release = SelfContainedRelease.unpack(shared);
    }

    @AfterAll
    static void removeTheToolLinks() throws Exception {
        if (release != null) {
            release.removeToolLinks();
        }
    }

    @Test
    void anSshDeployTakesSshjsClassesFromTheAotCache() throws Exception {
        Path install = release.install();
        Path plan = SshPlans.tasklist(shared.resolve("plan.json"), "One host",
                List.of(SshPlans.stage("Reach", 1, 1, List.of(SshPlans.task(ssh.host(0).remoteHost(), "echo reached")))));
        Path config = SshPlans.config(shared.resolve("deploy.yaml"), ssh.clientConfigYaml());
        Path log = shared.resolve("class-load.log");

        CliProcess.Result r = release.run(Map.of("DEPLOYER_JAVA_OPTS", "-Xlog:class+load=info:file=" + log),
                install.resolve("bin/deploy").toString(), "--config", config.toString(), "--tasklist", plan.toString());

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stderr()).contains("reached\n");
        assertThat(ssh.logins(0)).as("logins on the OpenSSH host").isEqualTo(1);
        List<String> sshj = Files.readAllLines(log).stream().filter(l -> SSHJ_CLASS.matcher(l).matches()).toList();
        assertThat(sshj).as("sshj classes loaded (class-load log " + log + ")").hasSizeGreaterThan(100);
        List<String> fromJars = sshj.stream().map(SSHJ_CLASS::matcher).filter(Matcher::matches)
                .filter(m -> !m.group(2).startsWith("shared objects file"))
                .map(m -> m.group(1) + " from " + m.group(2)).toList();
        assertThat(fromJars).as("sshj classes an SSH deploy loaded from jars instead of the AOT cache").isEmpty();
    }
}
