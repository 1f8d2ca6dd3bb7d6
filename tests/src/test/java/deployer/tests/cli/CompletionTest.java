package deployer.tests.cli;

import deployer.core.spi.Shell;
import deployer.core.testing.CliProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bin/completion.bash, loaded into a real bash and driven as bash's completion does ({@code COMP_WORDS},
 * {@code COMP_CWORD}, then the completion function), asking the real CLI for what each command takes
 * ({@code build-tasklist --complete-options}) and for the names of a config ({@code --complete-names}); what it
 * offers checked against each command's {@code --help}.
 */
class CompletionTest {

    @TempDir
    static Path dir;
    static Path config;
    static Path wrapper;
    /** Where every completion of this class runs: one bash that sourced bin/completion.bash. */
    static Process bash;
    static Writer shell;
    static BufferedReader replies;
    private static final String END = "--end-of-reply--";

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
        ProcessBuilder pb = new ProcessBuilder("bash", "--norc", "--noprofile").redirectError(dir.resolve("bash.err").toFile());
        pb.environment().put("DEPLOYER_BUILD_TASKLIST", wrapper.toString());
        bash = pb.start();
        shell = new OutputStreamWriter(bash.getOutputStream(), StandardCharsets.UTF_8);
        replies = new BufferedReader(new InputStreamReader(bash.getInputStream(), StandardCharsets.UTF_8));
        shell.write("source " + Shell.quote(CliProcess.projectRoot().resolve("bin/completion.bash").toString()) + "\n");
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

    /**
     * Issue 20: completion comes from the declarations that parse the line and print {@code --help} (the script lists
     * no option), so every sub-command completes exactly the options of its help — {@code deploy lock release}
     * included, which the hand-kept lists had left out.
     */
    @Test
    void everySubCommandCompletesTheOptionsOfItsHelp() throws Exception {
        assertThat(completedOptions("_deploy", "deploy")).isEqualTo(helpOptions(CliProcess.DEPLOY));
        assertThat(completedOptions("_build_tasklist", "build-tasklist")).isEqualTo(helpOptions(CliProcess.BUILD_TASKLIST));
        for (String sub : List.of("status", "run", "shell", "secrets", "lock release", "inventory")) {
            String[] words = sub.split(" ");
            String[] line = new String[words.length + 1];
            line[0] = "deploy";
            System.arraycopy(words, 0, line, 1, words.length);
            assertThat(completedOptions("_deploy", line)).as(sub).isEqualTo(helpOptions(CliProcess.DEPLOY, words));
        }
        assertThat(complete("_deploy", "deploy", "")).containsExactlyInAnyOrder("status", "run", "shell", "secrets", "lock", "inventory");
        assertThat(complete("_deploy", "deploy", "lock", "")).containsExactly("release");
        assertThat(complete("_deploy", "deploy", "lock", "release", "--config", dir + "/si")).containsExactly(config.toString());
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

    /**
     * Runs the completion function with the cursor on word {@code cword}; returns COMPREPLY. In one bash for the
     * whole class, as a user's TABs are in one shell: what the script caches (the CLI's answer) lives as long.
     */
    private static List<String> completeAt(int cword, String function, String... words) throws Exception {
        shell.write("COMP_WORDS=(" + Arrays.stream(words).map(Shell::quote).collect(Collectors.joining(" ")) + ")\n"
                + "COMP_CWORD=" + cword + "\n"
                + function + "\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\" " + END + "\n");
        shell.flush();
        List<String> reply = new ArrayList<>();
        for (String line = replies.readLine(); !END.equals(line); line = replies.readLine()) {
            assertThat(line).as("bash ended: %s", Files.readString(dir.resolve("bash.err"))).isNotNull();
            if (!line.isEmpty()) {
                reply.add(line);
            }
        }
        return reply;
    }

    /** What completing {@code --} after these words offers. */
    private static TreeSet<String> completedOptions(String function, String... words) throws Exception {
        String[] line = Arrays.copyOf(words, words.length + 1);
        line[words.length] = "--";
        return new TreeSet<>(complete(function, line));
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

    @AfterAll
    static void endTheShell() throws Exception {
        shell.close();
        assertThat(bash.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(Files.readString(dir.resolve("bash.err"))).isZero();
    }
}
