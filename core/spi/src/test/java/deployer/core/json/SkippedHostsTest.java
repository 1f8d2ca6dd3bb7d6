package deployer.core.json;

import deployer.core.model.InvalidInputException;
import deployer.core.model.Problem;
import deployer.core.model.SkippedHost;
import deployer.core.model.Tasklist;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A plan names the hosts its generator left out (already at the version, nothing to roll back), so reports can show them. */
class SkippedHostsTest {

    @Test
    void skippedHostsSurviveWritingAndReadingBack() throws Exception {
        Tasklist plan = new Tasklist("Deploy web 2", List.of(), null,
                List.of(new SkippedHost("local:web1", "web", "already at 2 and healthy")));

        String json = TasklistWriter.toJson(plan);
        Tasklist back = TasklistReader.read(json, "plan.json");

        assertThat(json).contains("\"skipped_hosts\"");
        assertThat(back.skippedHosts()).containsExactly(new SkippedHost("local:web1", "web", "already at 2 and healthy"));
    }

    @Test
    void aPlanWithoutSkippedHostsIsWrittenAsBeforeAndReadsBack() throws Exception {
        Tasklist plan = new Tasklist("p", List.of(), null);

        String json = TasklistWriter.toJson(plan);

        assertThat(json).doesNotContain("skipped_hosts");
        assertThat(TasklistReader.read("{\"name\": \"p\", \"stages\": []}", "old.json").skippedHosts()).isEmpty();
    }

    @Test
    void aMalformedSkippedHostIsALocatedProblem() {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> TasklistReader.read(
                "{\"name\": \"p\", \"stages\": [], \"skipped_hosts\": [{\"host\": \"h\", \"service\": \"web\"}, \"x\"]}", "t.json"));

        assertThat(e).isNotNull();
        assertThat(e.problems().stream().map(Problem::toString))
                .anySatisfy(p -> assertThat(p).contains("$.skipped_hosts[0]").contains("why"))
                .anySatisfy(p -> assertThat(p).contains("$.skipped_hosts[1]"));
    }
}
