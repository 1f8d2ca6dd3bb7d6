package deployer.tests.cli;

import deployer.core.spi.Shell;
import deployer.core.testing.CliProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bin/completion.bash, loaded into a real bash and driven as bash's completion does ({@code COMP_WORDS},
 * {@code COMP_CWORD}, then the completion function), asking the real CLI ({@code build-tasklist --complete-names})
 * for the names of a config; and its option lists checked against each command's {@code --help}.
 */
class CompletionTest {

    @TempDir
    static Path dir;
    static Path config;
    static Path wrapper;

    @BeforeAll
    static void writeAConfigAndABuildTasklistOfTheseClasses() throws IOException {
        config = Files.writeString(dir.resolve("site.yaml"), """
                platform: tarball
                hostgroup:
                  web: [web1.example.com, web2.example.com]
                  backend:
                    hosts: [be001, local:be002]
                service:
                  shop-web:
                    hostgroups: [web]
                    install_location: /srv
                    category: frontend
                  billing:
                    hostgroups: [backend]
                    install_location: /srv
                """);
        Files.createDirectories(dir.resolve("packages"));
        Files.writeString(dir.resolve("packages/shop-web_1.tar.gz"), "");
        Files.writeString(dir.resolve("packages/notes.txt"), "");
        // The completion asks build-tasklist for names: here the build's classes, as bin/build-tasklist runs them.
        wrapper = dir.resolve("build-tasklist");
        Files.writeString(wrapper, "#!/bin/sh\nexec " + CliProcess.command(CliProcess.BUILD_TASKLIST).stream()
                .map(Shell::quote).collect(Collectors.joining(" ")) + " \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void optionsOfDeployAndBuildTasklist() throws Exception {
        assertThat(complete("_deploy", "deploy", "--d")).containsExactlyInAnyOrder("--directory", "--debug", "--dry-run", "--diff");
        assertThat(complete("_build_tasklist", "build-tasklist", "--d")).containsExactlyInAnyOrder("--directory", "--debug", "--dump", "--diff");
        assertThat(complete("_deploy", "deploy", "st")).containsExactly("status");
        assertThat(complete("_deploy", "deploy", "s")).containsExactlyInAnyOrder("status", "shell", "secrets");
        assertThat(complete("_deploy", "deploy", "--output", "")).containsExactlyInAnyOrder("text", "json");
        assertThat(complete("_deploy", "deploy", "status", "--o")).containsExactly("--output");
        assertThat(complete("_deploy", "deploy", "status", "--output", "")).containsExactlyInAnyOrder("text", "json");
    }

    @Test
    void hostHostGroupServiceAndCategoryNamesFromTheConfigOnTheLine() throws Exception {
        assertThat(complete("_deploy", "deploy", "--config", config.toString(), "--hosts", ""))
                .containsExactlyInAnyOrder("web1.example.com", "web2.example.com", "be001", "local:be002");
        // --hosts takes several: the next word is a host too.
        assertThat(complete("_deploy", "deploy", "-c", config.toString(), "--hosts", "be001", "web"))
                .containsExactlyInAnyOrder("web1.example.com", "web2.example.com");
        // bash splits words at ':' (COMP_WORDBREAKS): local:be002 arrives as three words, and only the part after the
        // ':' is replaced.
        assertThat(complete("_deploy", "deploy", "-c", config.toString(), "--hosts", "local", ":", "be"))
                .containsExactly("be002");
        // The config may come later on the line than the word being completed.
        assertThat(completeAt(2, "_build_tasklist", "build-tasklist", "--hostgroups", "", "--config", config.toString()))
                .containsExactlyInAnyOrder("web", "backend");
        assertThat(complete("_deploy", "deploy", "--config", config.toString(), "--rollback", ""))
                .containsExactlyInAnyOrder("shop-web", "billing");
        assertThat(complete("_deploy", "deploy", "status", "--config", config.toString(), "--categories", ""))
                .containsExactly("frontend");
        assertThat(complete("_build_tasklist", "build-tasklist", "--explain-config", ""))
                .contains("all", "tarball", "test");
    }

    @Test
    void filesByKind() throws Exception {
        String packages = dir.resolve("packages") + "/";
        assertThat(complete("_deploy", "deploy", "--component", packages)).containsExactly(packages + "shop-web_1.tar.gz");
        assertThat(complete("_deploy", "deploy", "--config", dir + "/si")).containsExactly(config.toString());
        assertThat(complete("_deploy", "deploy", "--directory", dir + "/pa")).containsExactly(dir + "/packages");
        Files.createDirectories(config.resolveSibling("environments"));
        Files.writeString(config.resolveSibling("environments").resolve("staging.yaml"), "{}\n");
        assertThat(complete("_deploy", "deploy", "--config", config.toString(), "--environment", "")).containsExactly("staging");
    }

    @Test
    void theScriptsOptionsAreTheCommandsOptions() throws Exception {
        assertThat(scriptOptions("_deployer_deploy_opts")).isEqualTo(helpOptions(CliProcess.DEPLOY));
        assertThat(scriptOptions("_deployer_build_opts")).isEqualTo(helpOptions(CliProcess.BUILD_TASKLIST));
        assertThat(scriptOptions("_deployer_status_opts")).isEqualTo(helpOptions(CliProcess.DEPLOY, "status"));
        assertThat(scriptOptions("_deployer_run_opts")).isEqualTo(helpOptions(CliProcess.DEPLOY, "run"));
        assertThat(scriptOptions("_deployer_shell_opts")).isEqualTo(helpOptions(CliProcess.DEPLOY, "shell"));
        assertThat(scriptOptions("_deployer_secrets_opts")).isEqualTo(helpOptions(CliProcess.DEPLOY, "secrets"));
    }

    /** Issue 26, item 19: {@code deploy run} offered deploy's options, and {@code deploy secrets} completed nothing. */
    @Test
    void eachSubCommandCompletesItsOwnOptions() throws Exception {
        assertThat(complete("_deploy", "deploy", "run", "--s")).containsExactlyInAnyOrder("--services", "--secrets-key-file");
        assertThat(complete("_deploy", "deploy", "run", "--d")).containsExactly("--debug");
        assertThat(complete("_deploy", "deploy", "run", "--config", config.toString(), "--services", ""))
                .containsExactlyInAnyOrder("shop-web", "billing");
        // After "--" comes the shell command: nothing of ours to offer.
        assertThat(complete("_deploy", "deploy", "run", "--config", config.toString(), "--", "--h")).isEmpty();
        assertThat(complete("_deploy", "deploy", "shell", "--d")).containsExactlyInAnyOrder("--directory", "--debug");

        assertThat(complete("_deploy", "deploy", "secrets", "")).containsExactlyInAnyOrder("encrypt", "decrypt", "edit", "show", "genkey");
        assertThat(complete("_deploy", "deploy", "secrets", "e")).containsExactlyInAnyOrder("encrypt", "edit");
        assertThat(complete("_deploy", "deploy", "secrets", "show", "--n")).containsExactly("--names");
        assertThat(complete("_deploy", "deploy", "secrets", "encrypt", "--config", dir + "/si")).containsExactly(config.toString());
        Files.createDirectories(config.resolveSibling("environments"));
        Files.writeString(config.resolveSibling("environments").resolve("staging.yaml"), "{}\n");
        assertThat(complete("_deploy", "deploy", "secrets", "show", "--config", config.toString(), "-e", "")).containsExactly("staging");
    }

    /** Runs the completion function on the words, the last one being completed; returns COMPREPLY. */
    private static List<String> complete(String function, String... words) throws Exception {
        return completeAt(words.length - 1, function, words);
    }

    /** Runs the completion function with the cursor on word {@code cword}; returns COMPREPLY. */
    private static List<String> completeAt(int cword, String function, String... words) throws Exception {
        String script = "source " + Shell.quote(CliProcess.projectRoot().resolve("bin/completion.bash").toString()) + "\n"
                + "COMP_WORDS=(" + Arrays.stream(words).map(Shell::quote).collect(Collectors.joining(" ")) + ")\n"
                + "COMP_CWORD=" + cword + "\n"
                + function + "\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        return bash(script).lines().filter(l -> !l.isEmpty()).toList();
    }

    private static TreeSet<String> scriptOptions(String variable) throws Exception {
        String out = bash("source " + Shell.quote(CliProcess.projectRoot().resolve("bin/completion.bash").toString())
                + "\nprintf '%s\\n' $" + variable + "\n");
        return new TreeSet<>(out.lines().filter(l -> !l.isEmpty()).toList());
    }

    private static TreeSet<String> helpOptions(String mainClass, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--help");
        CliProcess.Result r = CliProcess.run(mainClass, dir.resolve("cli"), java.time.Duration.ofMinutes(1), all.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.all()).isZero();
        TreeSet<String> options = new TreeSet<>();
        Matcher m = Pattern.compile("^ +(?:-\\w,)?(--[a-z-]+)", Pattern.MULTILINE).matcher(r.stdout());
        while (m.find()) {
            options.add(m.group(1));
        }
        assertThat(options).as(r.stdout()).contains("--help", "--config");
        return options;
    }

    private static String bash(String script) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "--norc", "--noprofile", "-c", script).redirectErrorStream(false);
        pb.environment().putAll(Map.of("DEPLOYER_BUILD_TASKLIST", wrapper.toString()));
        pb.redirectError(dir.resolve("bash.err").toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("bash.err"))).isZero();
        return out;
    }
}
