package deployer.commands.support;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TemplateTest {

    private final List<String> problems = new ArrayList<>();

    private Template shell(String text) {
        return Template.parse("shell", text, Template.Kind.SHELL, TemplateValues.NAMES, problems);
    }

    @Test
    void fillsEveryPlaceholderWithAQuotedWord() {
        Template t = shell("systemctl restart {servicename}@{port} && echo {servicename}");
        assertThat(problems).isEmpty();
        assertThat(t.placeholders()).containsExactly("servicename", "port");
        assertThat(t.fill(Map.of("servicename", "we'b; rm -rf /", "port", "8080")))
                .isEqualTo("systemctl restart 'we'\\''b; rm -rf /'@'8080' && echo 'we'\\''b; rm -rf /'");
    }

    @Test
    void leavesShellBracesAlone() {
        Template t = shell("echo ${HOME} | awk '{print $1}' && test -d {install_location}/x{1,2}");
        assertThat(problems).isEmpty();
        assertThat(t.placeholders()).containsExactly("install_location");
    }

    @Test
    void reportsUnknownPlaceholdersNamingTheArgument() {
        shell("start {service} on {hostname}");
        assertThat(problems).singleElement().asString().contains("argument 'shell'", "unknown placeholder {service}",
                "{servicename}");
    }

    @Test
    void reportsPlaceholdersTheAuthorQuoted() {
        shell("echo '{servicename}' \"x{port}\" {hostname} 'it''s' \\'{version}");
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).contains("{servicename} is inside quotes");
        assertThat(problems.get(1)).contains("{port} is inside quotes");
    }

    @Test
    void textTemplatesInsertValuesAsTheyAre() {
        Template t = Template.parse("url", "http://{hostname}:{port}/health", Template.Kind.TEXT, Set.of("hostname", "port"), problems);
        assertThat(t.fill(Map.of("hostname", "127.0.0.2", "port", "8080"))).isEqualTo("http://127.0.0.2:8080/health");
    }
}
