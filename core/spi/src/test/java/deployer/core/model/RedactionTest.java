package deployer.core.model;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RedactionTest {

    @Test
    void aSensitiveArgumentIsMaskedInMessagesAndAnOutputLineHoldingItIsHiddenWhole() {
        Task t = Task.builder("execute_command").arg("shell", "psql").arg("env", Map.of("PGPASSWORD", "hunter2"))
                .sensitive("env").build();
        Redaction r = Redaction.of(t);

        assertThat(r.mask("export PGPASSWORD='hunter2'; psql")).isEqualTo("export PGPASSWORD='********'; psql");
        assertThat(r.outputLine("psql: password hunter2 rejected, user=admin")).isEqualTo(Redaction.HIDDEN_LINE);
        assertThat(r.outputLine("connected")).isEqualTo("connected");
        assertThat(r.mask(new Problem("t.json:1:2 task 1.1", "got string \"hunter2\"")).message()).isEqualTo("got string \"********\"");
    }

    @Test
    void aSensitiveValueThatIsOnlyASecretReferenceIsKeptForItHoldsNoSecret() {
        assertThat(Redaction.maskedValue("${secret:webhook_url}")).isEqualTo("${secret:webhook_url}");
        assertThat(Redaction.maskedValue("${secret:a}${secret:b}")).isEqualTo("${secret:a}${secret:b}");
        assertThat(Redaction.maskedValue("https://hooks.example/${secret:token}")).isEqualTo(Secret.MASK);
        assertThat(Redaction.maskedValue(List.of("${secret:a}", "literal"))).isEqualTo(List.of("${secret:a}", Secret.MASK));
    }

    @Test
    void aLongerValueIsMaskedBeforeAShorterOneInsideIt() {
        Task t = Task.builder("x").arg("a", "hunter2").arg("b", "hunter2-long").sensitive("a", "b").build();
        assertThat(Redaction.of(t).mask("1 hunter2-long 2 hunter2")).isEqualTo("1 ******** 2 ********");
    }

    @Test
    void noLogHidesEveryOutputLineAndEveryTextArgumentButNotNumbers() {
        Task t = Task.builder("execute_command").arg("shell", "deploy-db --token abc").arg("timeout_s", 30).noLog().build();
        Redaction r = Redaction.of(t);
        assertThat(r.outputLines(List.of("ok", "done"))).containsExactly(Redaction.NO_LOG_LINE, Redaction.NO_LOG_LINE);
        assertThat(r.mask("'deploy-db --token abc' exited 3 after 30 s")).isEqualTo("'********' exited 3 after 30 s");
    }

    @Test
    void aNamedNumberIsSensitiveAndASecretIsSensitiveUnnamed() {
        Task t = Task.builder("x").arg("pin", 4711).arg("contents", Secret.of("s3cret")).sensitive("pin").build();
        assertThat(Redaction.of(t).mask("pin 4711 contents s3cret")).isEqualTo("pin ******** contents ********");
    }

    /** Issue 20.5: a Secret or a sensitive string deep inside a list or mapping argument is masked too. */
    @Test
    void aSecretOrSensitiveStringInsideAListOrMapIsMasked() {
        Task secrets = Task.builder("x").arg("env", Map.of("DB", List.of("plain", Secret.of("deep-secret"))))
                .arg("args", List.of(Map.of("token", Secret.of("tok-123")))).build();
        assertThat(Redaction.of(secrets).mask("env deep-secret args tok-123 plain")).isEqualTo("env ******** args ******** plain");
        assertThat(Redaction.of(secrets).outputLine("got tok-123")).isEqualTo(Redaction.HIDDEN_LINE);

        Task sensitive = Task.builder("x").arg("env", Map.of("PW", List.of("hunter2", Map.of("inner", "swordfish")))).sensitive("env").build();
        assertThat(Redaction.of(sensitive).mask("hunter2 swordfish")).isEqualTo("******** ********");
        assertThat(Redaction.maskedValue(Map.of("PW", List.of("hunter2", Map.of("inner", "swordfish")))))
                .isEqualTo(Map.of("PW", List.of(Secret.MASK, Map.of("inner", Secret.MASK))));
    }

    @Test
    void aTaskWithoutSensitiveValuesChangesNothing() {
        Redaction r = Redaction.of(Task.builder("x").arg("shell", "echo hi").build());
        assertThat(r.isNone()).isTrue();
        assertThat(r.mask("echo hi")).isEqualTo("echo hi");
        assertThat(r.outputLine("hi")).isEqualTo("hi");
    }

    @Test
    void savedValuesKeepTheirShapeWithEveryTextLeafMasked() {
        assertThat(Redaction.maskedValue(Map.of("A", "x", "B", List.of("y", true)))).isEqualTo(Map.of("A", "********", "B", List.of("********", true)));
        assertThat(Redaction.holdsPlaceholder(Map.of("A", List.of("********")))).isTrue();
        assertThat(Redaction.holdsPlaceholder("hunter2")).isFalse();
    }

    @Test
    void everySensitiveValueOfATasklistIsCollected() {
        Task a = Task.builder("x").arg("p", "one").sensitive("p").build();
        Task b = Task.builder("x").arg("q", "two").arg("r", "visible").sensitive("q").build();
        Tasklist t = new Tasklist("p", List.of(new Stage("s", 1, 0, List.of(StageItem.of(a), new Chain(List.of(b))))));
        assertThat(Redaction.values(t)).containsExactlyInAnyOrder("one", "two");
    }
}
