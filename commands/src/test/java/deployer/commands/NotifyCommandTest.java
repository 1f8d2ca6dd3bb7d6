package deployer.commands;

import deployer.core.spi.RunProgress;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** notify's arguments and message; delivery to a real webhook is tested end to end (HooksAndNotifyTest). */
class NotifyCommandTest {

    @Test
    void aBadUrlIsRefusedWithoutRepeatingIt() {
        List<String> problems = CommandTester.command("notify").arg("url", "ftp://hooks.example.com/T0KEN").arg("event", "start").problems();
        assertThat(problems).containsExactly("argument 'url': expected an http:// or https:// URL");
        assertThat(CommandTester.command("notify").arg("url", "https://x.example.com/h").arg("event", "middle")
                .arg("request_timeout", 0).arg("delivery_retries", 11).problems())
                .containsExactlyInAnyOrder("argument 'event': expected start or end, got 'middle'",
                        "argument 'request_timeout': expected more than 0 seconds (a notification never waits forever)",
                        "argument 'delivery_retries': expected 0 to 10, got 11");
    }

    @Test
    void theEndMessageCarriesResultDurationCountsAndAOneLineText() {
        CommandTester t = CommandTester.command("notify").args(Map.of("url", "https://x.example.com/h", "event", "end",
                "title", "Deploy web 1.2", "services", List.of("web"), "version", "1.2", "hosts", List.of("a", "b")));
        NotifyCommand c = (NotifyCommand) t.newCommand();
        t.initialize(c);
        Instant started = Instant.parse("2026-11-27T10:00:00Z");
        RunProgress failed = new RunProgress() {
            @Override
            public Instant started() {
                return started;
            }

            @Override
            public String status() {
                return "failed";
            }

            @Override
            public Map<String, Long> counts() {
                return Map.of("failed", 1L, "succeeded", 7L);
            }
        };
        Map<String, Object> m = c.message("R1", "deploy@ci1", failed, started.plusSeconds(14));
        assertThat(m).containsEntry("event", "end").containsEntry("result", "failed").containsEntry("duration_seconds", 14.0)
                .containsEntry("run_id", "R1").containsEntry("user", "deploy@ci1").containsEntry("hosts", List.of("a", "b"));
        assertThat((String) m.get("text")).startsWith("Deploy web 1.2 on 2 hosts (a, b): FAILED after 14 s — tasks: ")
                .contains("1 failed", "7 succeeded").endsWith("by deploy@ci1 (run R1)");
    }
}
