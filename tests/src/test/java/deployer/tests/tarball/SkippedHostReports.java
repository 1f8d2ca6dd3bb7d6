package deployer.tests.tarball;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import deployer.core.testing.CliProcess;
import deployer.tests.fixtures.JsonSchemas;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** What a run's three reports (the recap on stdout, the JSON report, the HTML report) say of the hosts skipped at planning. */
final class SkippedHostReports {

    private SkippedHostReports() {
    }

    /** Each of {@code hosts}, and only they, is named in all three as skipped at planning for {@code service}, why starting with {@code why}. */
    static void assertNamed(String stdout, Path json, Path html, List<String> hosts, String service, String why) throws IOException {
        String text = Files.readString(json);
        assertThat(JsonSchemas.errors(CliProcess.projectRoot().resolve("docs/schema/run-report.schema.json"), text)).isEmpty();
        JsonNode skipped = new ObjectMapper().readTree(text).get("skipped_hosts");
        List<String> named = new ArrayList<>();
        skipped.forEach(n -> named.add(n.get("host").asText()));
        assertThat(named).as(text).containsExactlyElementsOf(hosts);
        skipped.forEach(n -> {
            assertThat(n.get("service").asText()).isEqualTo(service);
            assertThat(n.get("why").asText()).startsWith(why);
        });

        String page = Files.readString(html);
        for (String h : hosts) {
            assertThat(recapLine(stdout, h)).as(stdout).contains("ok=0 ", "changed=0 ", "skipped at planning: " + service + " " + why);
            Matcher row = Pattern.compile("<tr class=\"skipped-at-planning\" data-host=\"" + Pattern.quote(h) + "\">(.*?)</tr>").matcher(page);
            assertThat(row.find()).as("a recap row for " + h + " in " + html).isTrue();
            assertThat(row.group(1)).contains("<td class=\"num\">0</td>", service + " " + why);
        }
    }

    /** The host's line of the text recap (HOST RECAP), or "" when it has none. */
    static String recapLine(String stdout, String host) {
        String recap = stdout.substring(Math.max(0, stdout.indexOf("HOST RECAP")));
        return recap.lines().filter(l -> l.startsWith("  " + host + " ")).findFirst().orElse("");
    }
}
