package deployer.generators.tarball;

import deployer.core.config.ConfigLoader;
import deployer.core.model.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code batches} and {@code gates} on their own: cumulative sizes, percentages rounded down but at least one host
 * (Ansible's {@code serial}), the rest after a last batch short of 100%, min_nodes_up splitting, where gates go,
 * and bad values refused at their line.
 */
class RolloutBatchesTest {

    @TempDir
    Path root;

    private TarballConfig config(int hosts, String service, String top) throws Exception {
        Path f = root.resolve("c.yaml");
        StringBuilder names = new StringBuilder();
        for (int i = 1; i <= hosts; i++) {
            names.append(i == 1 ? "" : ", ").append("local:h").append(i);
        }
        Files.writeString(f, "platform: tarball\n"
                + top
                + "hostgroup:\n"
                + "  g: [" + names + "]\n"
                + "service:\n"
                + "  s:\n"
                + "    hostgroups: [g]\n"
                + "    install_location: /srv\n"
                + service);
        return TarballConfig.read(ConfigLoader.load(f));
    }

    private static List<DeployBatches.Batch> batches(TarballConfig c) throws InvalidInputException {
        ServiceSpec s = c.services().get("s");
        return DeployBatches.rollout(c, s, s.rollout(), s.hosts(), List.of());
    }

    /** Each batch as its hosts, and "+N" for the gates after it. */
    private static List<String> shape(List<DeployBatches.Batch> batches) {
        return batches.stream().map(b -> String.join(",", b.hosts().stream().map(TargetHost::hostname).toList())
                + (b.gatesAfter().isEmpty() ? "" : " +" + b.gatesAfter().size())).toList();
    }

    @Test
    void countsAndPercentagesAreCumulative() throws Exception {
        TarballConfig c = config(10, "    min_nodes_up: 0\n    batches: [1, \"50%\", \"100%\"]\n", "");
        assertThat(shape(batches(c))).containsExactly("h1", "h2,h3,h4,h5", "h6,h7,h8,h9,h10");
    }

    @Test
    void percentagesRoundDownButTakeAtLeastOneHostAndAStepThatAddsNoHostIsLeftOut() throws Exception {
        // Of 5 hosts: 10% is 0.5 -> 1; 30% is 1.5 -> 1, no host more than the first batch: left out; 50% is 2.5 -> 2.
        TarballConfig c = config(5, "    min_nodes_up: 0\n    batches: [\"10%\", \"30%\", \"50%\", \"100%\"]\n", "");
        assertThat(shape(batches(c))).containsExactly("h1", "h2", "h3,h4,h5");
    }

    @Test
    void hostsLeftAfterALastBatchShortOfAllGoInOneMoreBatch() throws Exception {
        TarballConfig c = config(6, "    min_nodes_up: 0\n    batches: [1, 3]\n", "");
        assertThat(shape(batches(c))).containsExactly("h1", "h2,h3", "h4,h5,h6");
    }

    @Test
    void aCountBeyondTheFleetMeansAllOfIt() throws Exception {
        TarballConfig c = config(3, "    min_nodes_up: 0\n    batches: [1, 10, 100]\n", "");
        assertThat(shape(batches(c))).containsExactly("h1", "h2,h3");
    }

    @Test
    void aBatchThatWouldLeaveFewerThanMinNodesUpIsSplit() throws Exception {
        // Of 6 hosts 3 stay up: at most 3 down at once, so "100%" (5 more hosts after the first) goes as 3 then 2.
        TarballConfig c = config(6, "    min_nodes_up: 3\n    batches: [1, \"100%\"]\n", "");
        assertThat(shape(batches(c))).containsExactly("h1", "h2,h3,h4", "h5,h6");
    }

    @Test
    void gatesFollowEveryBatchButTheLastAndTheLastPieceOfASplitBatch() throws Exception {
        TarballConfig c = config(6, "    min_nodes_up: 4\n    batches: [1, 4, \"100%\"]\n    gates: [{pause: 1m}, {pause: 30s}]\n", "");
        // At most 2 down: step "4" (3 more hosts) is split 2 + 1, its gates after the 1.
        assertThat(shape(batches(c))).containsExactly("h1 +2", "h2,h3", "h4 +2", "h5,h6");
        assertThat(batches(c).get(0).gatesAfter()).containsExactly(new Gate.Pause(java.time.Duration.ofMinutes(1)),
                new Gate.Pause(java.time.Duration.ofSeconds(30)));
    }

    @Test
    void aBatchWithItsOwnGatesOverridesTheServicesAndKeepsThemEvenLast() throws Exception {
        TarballConfig c = config(4, "    min_nodes_up: 0\n    gates: [{pause: 1m}]\n"
                + "    batches: [{size: 1, gates: [{pause: 5m}, {pause: 10s}]}, {size: 2, gates: []}, 3, {size: \"100%\", gates: [{pause: 2m}]}]\n", "");
        assertThat(shape(batches(c))).containsExactly("h1 +2", "h2", "h3 +1", "h4 +1");
    }

    @Test
    void gatesWithoutBatchesGoBetweenTheMinNodesUpBatches() throws Exception {
        TarballConfig c = config(5, "    min_nodes_up: 3\n    gates: [{pause: 1m}]\n", "");
        assertThat(shape(batches(c))).containsExactly("h1,h2 +1", "h3,h4 +1", "h5");
    }

    @Test
    void withoutBatchesOrGatesTheBatchesAreTodays() throws Exception {
        TarballConfig c = config(5, "    min_nodes_up: 3\n", "");
        ServiceSpec s = c.services().get("s");
        assertThat(s.rollout().byMinNodesUpOnly()).isTrue();
        assertThat(batches(c).stream().map(DeployBatches.Batch::hosts).toList())
                .isEqualTo(DeployBatches.split(c, s, s.hosts(), List.of()));
    }

    @Test
    void topLevelBatchesAndGatesServeAServiceWithoutItsOwn() throws Exception {
        TarballConfig c = config(4, "    min_nodes_up: 0\n", "batches: [1, \"100%\"]\ngates: [{pause: 1m}]\n");
        assertThat(shape(batches(c))).containsExactly("h1 +1", "h2,h3,h4");
        TarballConfig own = config(4, "    min_nodes_up: 0\n    batches: [2, \"100%\"]\n", "batches: [1, \"100%\"]\n");
        assertThat(shape(batches(own))).containsExactly("h1,h2", "h3,h4");
    }

    @Test
    void serviceDefaultsCarryBatches() throws Exception {
        TarballConfig c = config(4, "    min_nodes_up: 0\n", "service_defaults:\n  batches: [1, \"100%\"]\n");
        assertThat(shape(batches(c))).containsExactly("h1", "h2,h3,h4");
    }

    private String refused(String service) {
        return assertThatThrownBy(() -> config(4, service, "")).isInstanceOf(InvalidInputException.class)
                .actual().getMessage();
    }

    @Test
    void badBatchSizesAreRefusedAtTheirLine() {
        assertThat(refused("    batches: [1, \"150%\"]\n")).contains("c.yaml:8:", "service.s.batches[1]", "expected a percentage from 1% to 100%, got 150%");
        assertThat(refused("    batches: [0, 2]\n")).contains("c.yaml:8:", "service.s.batches[0]", "expected a host count of at least 1, got 0");
        assertThat(refused("    batches: [2, 1]\n")).contains("c.yaml:8:", "each must be larger than the one before: got 1 after 2");
        assertThat(refused("    batches: [\"50%\", \"10%\"]\n")).contains("got 10% after 50%");
        assertThat(refused("    batches: [\"ten\"]\n")).contains("expected a host count (a whole number, at least 1) or a percentage such as \"10%\", got 'ten'");
        assertThat(refused("    batches: []\n")).contains("c.yaml:8:", "got an empty list");
        assertThat(refused("    batches: [{gates: []}]\n")).contains("needs 'size'");
    }

    @Test
    void badGatesAreRefusedAtTheirLine() {
        assertThat(refused("    gates: [{paws: 5m}]\n")).contains("c.yaml:8:", "service.s.gates[0]", "exactly one of the keys pause, http, command, prometheus, got keys paws");
        assertThat(refused("    gates: [{pause: 5m, http: {url: 'http://x'}}]\n")).contains("got keys pause, http");
        assertThat(refused("    gates: [{pause: 5 minutes}]\n")).contains("service.s.gates[0].pause", "expected a duration such as 10s, 5m, 1h or 1m30s", "got '5 minutes'");
        assertThat(refused("    gates:\n      - http: {url: 'http://{host}/', every: 30s, for: 10s}\n"))
                .contains("c.yaml:9:", "service.s.gates[0].http.for", "'for' (10s) is shorter than 'every' (30s)");
        assertThat(refused("    gates: [{http: {url: 'http://{hots}/'}}]\n")).contains("unknown placeholder {hots}");
        assertThat(refused("    gates: [{http: {url: 'ftp://x/'}}]\n")).contains("expected an http:// or https:// URL");
        assertThat(refused("    gates: [{command: {run: 'true', on: everywhere}}]\n")).contains("expected local (the controller) or hosts");
        assertThat(refused("    gates: [{pause: 0s}]\n")).contains("expected a pause longer than 0 s");
        assertThat(refused("    gates: [{prometheus: {url: 'http://p:9090', query: 'up'}}]\n")).contains("needs 'max' or 'min'");
        assertThat(refused("    gates: [{prometheus: {url: 'http://p:9090', query: 'up', min: 2, max: 1}}]\n")).contains("min (2.0) is above max (1.0)");
        assertThat(refused("    gates: [{prometheus: {url: 'http://p:9090', query: 'up{job=\"{job}\"}', max: 1}}]\n"))
                .contains("unknown placeholder {job}; a gate's query may use {servicename}, {version}, {hosts}");
        assertThat(refused("    gates: [{prometheus: {url: 'http://p:9090', query: 'up', max: 1, every: 1m, for: 30s}}]\n"))
                .contains("'for' (30s) is shorter than 'every' (1m)");
    }

    @Test
    void aPrometheusGateReadsItsBoundsAndDefaultsToAQueryEvery15Seconds() throws Exception {
        TarballConfig c = config(2, "    gates: [{prometheus: {url: 'http://p:9090/', query: 'max(err{instance=~\"{hosts}\"})', max: 0.05}}]\n", "");
        assertThat(c.services().get("s").rollout().gates()).containsExactly(new Gate.Prometheus("http://p:9090",
                "max(err{instance=~\"{hosts}\"})", null, 0.05, java.time.Duration.ofSeconds(15), java.time.Duration.ofMinutes(2)));
        assertThat(GateStages.query("max(err{instance=~\"{hosts}\"})", c.services().get("s"), "1.0", c.services().get("s").hosts()))
                .isEqualTo("max(err{instance=~\"h1|h2\"})");
    }

    @Test
    void durationsTakeUnitsOrWholeSeconds() {
        assertThat(Durations.parse("10s")).hasSeconds(10);
        assertThat(Durations.parse("5m")).hasMinutes(5);
        assertThat(Durations.parse("1h")).hasHours(1);
        assertThat(Durations.parse("1m30s")).hasSeconds(90);
        assertThat(Durations.parse("10")).isNull();
        assertThat(Durations.parse("5min")).isNull();
        assertThat(Durations.parse("")).isNull();
        assertThat(Durations.format(java.time.Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(Durations.format(java.time.Duration.ofHours(2))).isEqualTo("2h");
    }
}
