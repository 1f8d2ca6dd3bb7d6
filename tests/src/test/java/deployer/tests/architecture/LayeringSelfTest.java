package deployer.tests.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each {@link Layering} rule catches the violation made for it in {@code fixture} (a small tree shaped like the
 * product's packages), and names the class that breaks it: a rule that cannot fail would pass the real check too.
 */
class LayeringSelfTest {

    private static final String ROOT = "deployer.tests.architecture.fixture";
    private static final JavaClasses FIXTURE = new ClassFileImporter().importPackages(ROOT);
    private static final Layering RULES = new Layering(ROOT);

    @Test
    void aPublicPackageUsingInternalIsCaught() {
        assertViolatedBy(RULES.publicPackagesDoNotUseInternal(), "core.exec.LeaksInternal");
    }

    @Test
    void theSpiUsingAnEngineLibraryIsCaught() {
        assertViolatedBy(RULES.pluginSpiUsesOnlyItselfJacksonAndSlf4j(), "core.spi.UsesCommonsCli");
    }

    @Test
    void aCommandUsingTheEngineIsCaught() {
        assertViolatedBy(RULES.pluginsUseOnlyTheSpiOfCore(), "commands.UsesTheEngine");
    }

    @Test
    void aGeneratorUsingACommandIsCaught() {
        assertViolatedBy(RULES.generatorsDoNotUseCommands(), "generators.UsesACommand");
    }

    @Test
    void coreUsingACommandIsCaught() {
        assertViolatedBy(RULES.coreDoesNotUsePlugins(), "core.exec.UsesACommand");
    }

    @Test
    void aPackageCycleIsCaught() {
        assertViolatedBy(RULES.noPackageCyclesInCore(), "core.a.A", "core.b.B");
    }

    @Test
    void everyRuleIsSelfTested() {
        assertThat(RULES.all()).hasSize(6);
    }

    private static void assertViolatedBy(ArchRule rule, String... classes) {
        EvaluationResult result = rule.evaluate(FIXTURE);
        assertThat(result.hasViolation()).as(rule.getDescription()).isTrue();
        String report = String.join("\n", result.getFailureReport().getDetails());
        for (String c : classes) {
            assertThat(report).contains(ROOT + "." + c);
        }
    }
}
