package deployer.core.internal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import deployer.core.internal.exec.GeneratorRegistry;
import deployer.core.spi.PlatformOption;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The options that the installed platforms declare for one kind of sub-command ({@link PlatformOption.Use}), by
 * platform. The config names the platform, so a line is parsed twice: first with every platform's options (to find
 * {@code --config} however it is spelled), then, once the config's platform is known, with that platform's alone.
 * Without a readable config (no {@code --config}, a missing file) every installed platform's options are taken, and
 * the config's own errors are reported later as ever.
 */
final class PlatformOptions {

    static final PlatformOptions NONE = new PlatformOptions(Map.of());

    private final Map<String, List<PlatformOption>> byPlatform;

    private PlatformOptions(Map<String, List<PlatformOption>> byPlatform) {
        this.byPlatform = byPlatform;
    }

    static PlatformOptions of(GeneratorRegistry generators, PlatformOption.Use use) {
        Map<String, List<PlatformOption>> by = new LinkedHashMap<>();
        for (String platform : generators.platforms()) {
            by.put(platform, generators.forPlatform(platform).orElseThrow().commandLineOptions().stream()
                    .filter(o -> o.uses().contains(use)).toList());
        }
        return new PlatformOptions(by);
    }

    /** {@code core} and every platform's options (the first platform's declaration of a name wins). */
    Options union(Options core) {
        Options all = copy(core);
        byPlatform.values().forEach(list -> list.forEach(o -> {
            if (!all.hasLongOption(o.name())) {
                all.addOption(new PlatformCliOption(o));
            }
        }));
        return all;
    }

    /** {@code core} and the options of {@code platform}, or empty when no installed generator has it. */
    Optional<Options> of(String platform, Options core) {
        List<PlatformOption> own = byPlatform.get(platform);
        if (own == null) {
            return Optional.empty();
        }
        Options all = copy(core);
        own.forEach(o -> all.addOption(new PlatformCliOption(o)));
        return Optional.of(all);
    }

    /** The platforms that declare {@code --name} here. */
    List<String> declaring(String name) {
        return byPlatform.entrySet().stream().filter(e -> e.getValue().stream().anyMatch(o -> o.name().equals(name)))
                .map(Map.Entry::getKey).toList();
    }

    /**
     * The platform the config at {@code file} names, read from the YAML as it is; null when it cannot be told (no
     * such file, broken YAML, no {@code platform}): loading the config reports that, with its location.
     */
    static String platformOf(String file) {
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(Path.of(file).toFile());
            JsonNode p = root == null ? null : root.get("platform");
            return p != null && p.isTextual() ? p.asText() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The platforms' part of {@code --help}: the named platform's options, or, when the line names no config (as
     * {@code git help} lists the commands of its plug-ins), every installed platform's, each under its name; the
     * descriptions start at {@code column}, as core's do.
     */
    String help(String platform, int column) {
        if (byPlatform.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        byPlatform.forEach((name, options) -> {
            if (platform != null && !platform.equals(name)) {
                return;
            }
            if (options.isEmpty()) {
                b.append("\nPlatform ").append(name).append(" takes no options of its own here.\n");
                return;
            }
            b.append("\nOptions of platform ").append(name).append(platform == null ? " (when the config names it):\n" : ":\n");
            Options section = new Options();
            options.forEach(o -> section.addOption(new PlatformCliOption(o)));
            StringWriter out = new StringWriter();
            PrintWriter pw = new PrintWriter(out);
            new HelpFormatter().printOptions(pw, CliOptions.HELP_WIDTH, section, CliOptions.LEFT_PAD, CliOptions.descriptionPad(section, column));
            pw.flush();
            b.append(out).append(out.toString().endsWith("\n") ? "" : "\n");
        });
        return b.toString();
    }

    private static Options copy(Options core) {
        Options all = new Options();
        for (Option o : core.getOptions()) {
            all.addOption(o);
        }
        return all;
    }
}
