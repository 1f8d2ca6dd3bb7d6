package deployer.tests.architecture;

import com.tngtech.archunit.lang.ArchRule;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The deployer's layering as rules over the packages under a root ({@code deployer} for the product; the self-test
 * gives the root of a small tree of deliberate violations, so that each rule is seen to catch one):
 * <ul>
 *   <li>the public packages (api, spi, model, config, json, report, exec) never use {@code core.internal}: the engine's
 *       implementation can change without a program that embeds the deployer noticing;</li>
 *   <li>the plugin SPI (spi, model, config, json: the {@code deployer-spi} artifact) uses only itself, the JDK, Jackson,
 *       SnakeYAML and the SLF4J API, so a plugin's classpath holds none of the engine's libraries;</li>
 *   <li>commands and generators use only the plugin SPI of core; generators never use commands; core uses neither
 *       (it finds them with ServiceLoader);</li>
 *   <li>no package cycles in core.</li>
 * </ul>
 */
final class Layering {

    private final String root;
    private final String core;
    private final String[] spi;
    private final String[] publicPackages;

    Layering(String root) {
        this.root = root;
        this.core = root + ".core";
        this.spi = new String[] {core + ".spi..", core + ".model..", core + ".config..", core + ".json.."};
        this.publicPackages = new String[] {core + ".api..", core + ".spi..", core + ".model..", core + ".config..",
                core + ".json..", core + ".report..", core + ".exec.."};
    }

    ArchRule publicPackagesDoNotUseInternal() {
        return noClasses().that().resideInAnyPackage(publicPackages)
                .should().dependOnClassesThat().resideInAPackage(core + ".internal..")
                .as("the public packages of core do not use core.internal");
    }

    ArchRule pluginSpiUsesOnlyItselfJacksonAndSlf4j() {
        String[] allowed = new String[spi.length + 5];
        System.arraycopy(spi, 0, allowed, 0, spi.length);
        System.arraycopy(new String[] {"java..", "javax..", "com.fasterxml.jackson..", "org.yaml.snakeyaml..", "org.slf4j.."},
                0, allowed, spi.length, 5);
        return classes().that().resideInAnyPackage(spi)
                .should().onlyDependOnClassesThat().resideInAnyPackage(allowed)
                .as("the plugin SPI (spi, model, config, json) uses only itself, the JDK, Jackson, SnakeYAML and SLF4J's API");
    }

    ArchRule pluginsUseOnlyTheSpiOfCore() {
        return noClasses().that().resideInAnyPackage(root + ".commands..", root + ".generators..")
                .should().dependOnClassesThat().resideInAnyPackage(core + ".internal..", core + ".exec..", core + ".api..",
                        core + ".report..")
                .as("commands and generators use only the plugin SPI of core");
    }

    ArchRule generatorsDoNotUseCommands() {
        return noClasses().that().resideInAPackage(root + ".generators..")
                .should().dependOnClassesThat().resideInAPackage(root + ".commands..")
                .as("generators do not use commands (they name them in tasklists)");
    }

    ArchRule coreDoesNotUsePlugins() {
        return noClasses().that().resideInAPackage(core + "..")
                .should().dependOnClassesThat().resideInAnyPackage(root + ".commands..", root + ".generators..")
                .as("core does not use commands or generators (it finds them with ServiceLoader)");
    }

    ArchRule noPackageCyclesInCore() {
        return slices().matching(core + ".(**)").should().beFreeOfCycles()
                .as("no package cycles in core");
    }

    List<ArchRule> all() {
        return List.of(publicPackagesDoNotUseInternal(), pluginSpiUsesOnlyItselfJacksonAndSlf4j(), pluginsUseOnlyTheSpiOfCore(),
                generatorsDoNotUseCommands(), coreDoesNotUsePlugins(), noPackageCyclesInCore());
    }
}
