package deployer.commands.templates;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StrictTemplateTest {

    @Test
    void rendersValuesAsTheyAreWithoutHtmlEscaping() throws Exception {
        StrictTemplate t = StrictTemplate.compile("app.conf", "url={{url}}\nport={{port}}\n");
        assertThat(t.render(Map.of("url", "http://a/?x=1&y=<2>", "port", 8080L))).isEqualTo("url=http://a/?x=1&y=<2>\nport=8080\n");
    }

    @Test
    void everyMissingNameIsFoundWithItsLine() throws Exception {
        StrictTemplate t = StrictTemplate.compile("app.conf", "a={{a}}\n\nb={{db.host}}\n{{#hosts}}\nh={{name}} {{nope}}\n{{/hosts}}\n{{^off}}x{{/off}}\n");
        List<StrictTemplate.Missing> missing = t.missing(Map.of("a", "1", "db", Map.of("port", 1L),
                "hosts", List.of(Map.of("name", "h1"), Map.of("name", "h2"))));
        assertThat(missing).extracting(Object::toString).containsExactly(
                "app.conf:3: no value for 'db.host'", "app.conf:5: no value for 'nope'", "app.conf:7: no value for 'off'");
    }

    @Test
    void namesInsideAListSectionComeFromTheElementOrFromOutside() throws Exception {
        StrictTemplate t = StrictTemplate.compile("t", "{{#hosts}}{{name}}:{{port}}{{.}}\n{{/hosts}}");
        assertThat(t.missing(Map.of("port", 1L, "hosts", List.of(Map.of("name", "a"))))).isEmpty();
        assertThat(t.render(Map.of("port", 1L, "hosts", List.of(Map.of("name", "a"))))).startsWith("a:1");
    }

    @Test
    void partialsAreRefused() {
        assertThatThrownBy(() -> StrictTemplate.compile("t", "x\n{{> other}}\n"))
                .isInstanceOf(StrictTemplate.SyntaxError.class).hasMessageContaining("partials");
    }

    @Test
    void anUnclosedSectionIsASyntaxError() {
        assertThatThrownBy(() -> StrictTemplate.compile("t.mustache", "{{#a}}\nx\n"))
                .isInstanceOf(StrictTemplate.SyntaxError.class).hasMessageStartingWith("t.mustache: ");
    }
}
