package deployer.core.config;

import deployer.core.model.InvalidInputException;
import deployer.core.model.Problem;
import org.junit.jupiter.api.Test;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import static deployer.core.config.ConfigKey.optional;
import static deployer.core.config.ConfigKey.required;
import static deployer.core.config.ValueType.entries;
import static deployer.core.config.ValueType.mapping;
import static deployer.core.config.ValueType.strings;
import static deployer.core.config.ValueType.text;
import static deployer.core.config.ValueType.whole;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The declared schema: suggestions, ranges, types, required keys, {@code *_defaults} blocks, and the reference. */
class ConfigSchemaTest {

    private static final MapSchema SERVICE = MapSchema.of(
            required("install_location", text(), "where releases go"),
            optional("min_nodes_up", whole(0, Integer.MAX_VALUE), "hosts kept up"),
            optional("stop_command", text(), "stops it"),
            optional("health_check", text(), "checks it"),
            optional("category", text(), "its category"));
    private static final MapSchema DEMO = MapSchema.of(
            optional("keep_versions", whole(1, Integer.MAX_VALUE), 5, "releases kept"),
            optional("hostgroup", entries("host group", ValueType.hosts()), "groups"),
            optional("service", entries("service", mapping(SERVICE)), "services"),
            // Keys a platform's own command-line options set (issue 20: they are the platform's, not core's).
            optional("redeploy", ValueType.flag(), false, "deploy even to hosts at the version"),
            optional("target_hosts", ValueType.strings(), "only these hosts"));

    private static final PlatformSchemas PLATFORMS = new PlatformSchemas() {
        @Override
        public Optional<MapSchema> schema(String platform) {
            return platform.equals("demo") ? Optional.of(DEMO) : Optional.empty();
        }

        @Override
        public Collection<String> platforms() {
            return List.of("demo");
        }
    };

    private static List<String> problems(String yaml) {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> ConfigLoader.fromYaml(yaml, "c.yaml", PLATFORMS));
        assertThat(e).as("expected the config to be rejected").isNotNull();
        return e.problems().stream().map(Problem::toString).toList();
    }

    @Test
    void everyTypoTheIssueListsGetsItsSuggestion() {
        List<String> declared = List.of("min_nodes_up", "health_check", "keep_versions", "stop_command", "connect_timeout", "user", "dns_suffix",
                "port", "hostgroups", "install_location");
        assertThat(Suggestions.closest("min_node_up", declared)).contains("min_nodes_up");
        assertThat(Suggestions.closest("helth_check", declared)).contains("health_check");
        assertThat(Suggestions.closest("keep_version", declared)).contains("keep_versions");
        assertThat(Suggestions.closest("stop_comand", declared)).contains("stop_command");
        assertThat(Suggestions.closest("conect_timeout", declared)).contains("connect_timeout");
        assertThat(Suggestions.closest("usr", declared)).contains("user");
        assertThat(Suggestions.closest("dns_sufix", declared)).contains("dns_suffix");
    }

    @Test
    void swappedLettersCountAsOneEditAndFarNamesGetNoSuggestion() {
        assertThat(Suggestions.distance("prot", "port")).isEqualTo(1);
        assertThat(Suggestions.closest("prot", List.of("port", "user"))).contains("port");
        assertThat(Suggestions.closest("colour", List.of("port", "user", "platform"))).isEmpty();
        assertThat(Suggestions.closest("x", List.of("ssh"))).isEmpty();
    }

    @Test
    void unknownKeysAtEveryLevelAreReportedTogetherWithTheirLocation() {
        assertThat(problems("""
                platform: demo
                usr: deploy
                ssh:
                  conect_timeout: 5
                keep_version: 2
                service:
                  demo-web:
                    install_location: /srv
                    min_node_up: 2
                """)).containsExactly(
                "c.yaml:2:1 usr: unknown key 'usr' at the top level; did you mean 'user'?",
                "c.yaml:4:3 ssh.conect_timeout: unknown key 'conect_timeout' in ssh; did you mean 'connect_timeout'?",
                "c.yaml:5:1 keep_version: unknown key 'keep_version' at the top level; did you mean 'keep_versions'?",
                "c.yaml:9:5 service.demo-web.min_node_up: unknown key 'min_node_up' in service 'demo-web'; did you mean 'min_nodes_up'?");
    }

    @Test
    void rangeErrorsStateTheRangeOnTheSideThatWasCrossed() {
        assertThat(problems("""
                platform: demo
                keep_versions: 2147483648
                ssh:
                  port: 0
                  max_sessions: 99999999999999999999
                """)).containsExactly(
                "c.yaml:2:1 keep_versions: too large (at most 2147483647), got 2147483648",
                "c.yaml:4:3 ssh.port: must be at least 1, got 0",
                "c.yaml:5:3 ssh.max_sessions: too large (at most 10000), got 99999999999999999999");
    }

    @Test
    void wrongTypesSayWhatWasExpectedAndWhatWasFound() {
        assertThat(problems("""
                platform: demo
                redeploy: maybe
                ssh:
                  port: "22"
                  identity_files: [a, 7]
                hostgroup:
                  web: {hosts: [a]}
                """)).containsExactly(
                "c.yaml:2:1 redeploy: expected true or false, got string 'maybe'",
                "c.yaml:4:3 ssh.port: expected a whole number from 1 to 65535, got string '22'",
                "c.yaml:5:23 ssh.identity_files[1]: expected a string, got whole number 7",
                "c.yaml:7:3 hostgroup.web: expected a list of strings, got a mapping");
    }

    /** Issue 26.20: {@code depends_on: api} was silently a list of one; every list-typed key wants a list. */
    @Test
    void aSingleStringWhereAListIsDeclaredIsAProblem() {
        assertThat(problems("""
                platform: demo
                target_hosts: be001
                ssh:
                  identity_files: ~/.ssh/id
                hostgroup:
                  web: be001
                """)).containsExactly(
                "c.yaml:2:1 target_hosts: expected a list of strings, got string 'be001' (write [be001] for a list of one)",
                "c.yaml:4:3 ssh.identity_files: expected a list of strings, got string '~/.ssh/id' (write [~/.ssh/id] for a list of one)",
                "c.yaml:6:3 hostgroup.web: expected a list of strings, got string 'be001' (write [be001] for a list of one)");
    }

    /** Issue 26.7 and 26.9: every bad host is reported at its place, escaped; a login user is checked like a host. */
    @Test
    void everyBadHostAndABadLoginUserAreReportedEscaped() {
        assertThat(problems("""
                platform: demo
                user: "root -oProxyCommand=touch /tmp/x"
                hostgroup:
                  web: [ok1, "be\\e[31m01", "fe\\n2026 [ERROR] forged", ok2:22, "x:99999"]
                """)).containsExactly(
                "c.yaml:2:1 user: expected a login name made of letters, digits, '.', '_' or '-' (not starting with '-' or '.'), got 'root -oProxyCommand=touch /tmp/x'",
                "c.yaml:4:14 hostgroup.web[1]: expected a host name or address: host, host:port, [v6-address], [v6-address]:port (each optionally user@…), local or local:NAME, got 'be\\u001B[31m01'",
                "c.yaml:4:28 hostgroup.web[2]: expected a host name or address: host, host:port, [v6-address], [v6-address]:port (each optionally user@…), local or local:NAME, got 'fe\\n2026 [ERROR] forged'",
                "c.yaml:4:63 hostgroup.web[4]: expected host or host:port with a port from 1 to 65535, got 'x:99999'");
    }

    /** Issue 26.4: an unclosed reference anywhere in a config is refused at its place, before any plan is made. */
    @Test
    void aMalformedSecretReferenceInTheConfigIsAProblem() {
        assertThat(problems("""
                platform: demo
                service:
                  web:
                    install_location: /srv
                    stop_command: "echo ${secret:db_password"
                """)).containsExactly(
                "c.yaml:5:5 service.web.stop_command: unclosed secret reference '${secret:db_password': expected ${secret:NAME} with its closing '}'");
    }

    @Test
    void yamlYesAndNoCountAsTheWordsOfAChoice() throws Exception {
        Config c = ConfigLoader.fromYaml("platform: demo\nssh: {strict_host_key_checking: no}\n", "c.yaml", PLATFORMS);
        assertThat(c.text(CoreSchema.SSH_STRICT_HOST_KEY_CHECKING, "ssh")).isEqualTo("false");
        assertThat(problems("platform: demo\nssh: {strict_host_key_checking: accept_new}\n")).containsExactly(
                "c.yaml:2:7 ssh.strict_host_key_checking: expected one of yes, accept-new, no, got 'accept_new'; did you mean 'accept-new'?");
    }

    @Test
    void requiredKeysAreCheckedAfterDefaultsAreMixedIn() throws Exception {
        ConfigLoader.fromYaml("""
                platform: demo
                service_defaults:
                  install_location: /srv
                service:
                  web: {}
                """, "c.yaml", PLATFORMS);
        assertThat(problems("""
                platform: demo
                service:
                  web:
                    stop_command: x
                """)).containsExactly("c.yaml:3:3 service.web: missing required key 'install_location' in service 'web' (a string: where releases go)");
        assertThat(problems("keep_versions: 1\n")).containsExactly(
                "c.yaml:1:1: missing required key 'platform' at the top level (a string: picks the generator; `build-tasklist --explain-config PLATFORM` lists its keys)");
    }

    @Test
    void defaultsBlocksAreCheckedAgainstWhatTheyAreMixedInto() {
        assertThat(problems("""
                platform: demo
                service_defaults:
                  min_node_up: 1
                backend_defaults:
                  stop_comand: x
                backnd_defaults:
                  stop_command: x
                service:
                  web:
                    install_location: /srv
                    category: backend
                """)).containsExactly(
                "c.yaml:3:3 service_defaults.min_node_up: unknown key 'min_node_up' in service_defaults (mixed into every service); did you mean 'min_nodes_up'?",
                "c.yaml:5:3 backend_defaults.stop_comand: unknown key 'stop_comand' in backend_defaults (mixed into service 'web'); did you mean 'stop_command'?",
                "c.yaml:6:1 backnd_defaults: 'backnd_defaults' is mixed into nothing: there is no mapping 'backnd' of named entries and no entry has the value 'backnd'; did you mean 'backend_defaults'?");
    }

    @Test
    void anUnknownPlatformIsReportedWithSuggestionAndCoreKeysAreStillChecked() {
        assertThat(problems("platform: dmeo\nusr: x\nservice: {}\n")).containsExactly(
                "c.yaml:1:1 platform: unknown platform 'dmeo'; did you mean 'demo'?; known platforms: demo",
                "c.yaml:2:1 usr: unknown key 'usr' at the top level; did you mean 'user'?");
    }

    @Test
    void parserInternalsNeverReachTheMessage() {
        List<String> big = problems("platform: demo\nkeep_versions: [1,\n");
        assertThat(big).singleElement().asString().startsWith("c.yaml:3:1: syntax error: ").doesNotContain("Source", "Feature", "jackson", "\n");
        assertThat(problems("platform: demo\nplatform: demo\n")).containsExactly(
                "c.yaml:2:1: duplicate key 'platform' (first at line 1, column 1); a key may appear once in a mapping");
        assertThat(deployer.core.json.ParseErrorsAccess.message(
                "Unexpected end-of-input: expected close marker for Object (start marker at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 1])"))
                .isEqualTo("Unexpected end-of-input: expected close marker for Object");
        assertThat(deployer.core.json.ParseErrorsAccess.message(
                "Non-standard token 'NaN': enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow"))
                .isEqualTo("Non-standard token 'NaN'");
        assertThat(deployer.core.json.ParseErrorsAccess.message(
                "Number value length (1001) exceeds the maximum allowed (1000, from `StreamReadConstraints.getMaxNumberLength()`)"))
                .isEqualTo("Number value length (1001) exceeds the maximum allowed");
        assertThat(deployer.core.json.ParseErrorsAccess.message("Unrecognized token 'example.com.x': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"))
                .startsWith("Unrecognized token 'example.com.x'");
        assertThat(deployer.core.json.ParseErrorsAccess.message("Unexpected IOException (of type java.io.CharConversionException): bad"))
                .isEqualTo("not valid here");
    }

    @Test
    void declaredDefaultsAreWhatReadersGet() throws Exception {
        Config c = ConfigLoader.fromYaml("platform: demo\n", "c.yaml", PLATFORMS);
        assertThat(c.whole(CoreSchema.SSH_PORT, "ssh")).isEqualTo(22);
        assertThat(c.whole(DEMO.key("keep_versions").orElseThrow())).isEqualTo(5);
        assertThat(c.flag(DEMO.key("redeploy").orElseThrow())).isFalse();
    }

    @Test
    void theReferenceListsEveryKeyWithTypeDefaultAndNestedTables() {
        String md = ConfigReference.explain("demo", DEMO);
        assertThat(md)
                .contains("| `port` | whole number from 1 to 65535 | no | `22` | port of hosts named without one |")
                .contains("### `ssh.*`")
                .contains("### `service.<name>.*`")
                .contains("| `install_location` | string | yes |  | where releases go |")
                .contains("| `keep_versions` | whole number, at least 1 | no | `5` | releases kept |")
                .contains("`X_defaults`");
    }

    @Test
    void aKeyDeclaredTwiceIsAProgrammingError() {
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> CoreSchema.forPlatform(MapSchema.of(optional("user", text(), "again")))))
                .hasMessageContaining("'user' is declared twice");
    }
}
