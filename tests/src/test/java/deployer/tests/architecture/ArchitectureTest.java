package deployer.tests.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The product's main classes (every module's, from this module's classpath) keep the {@link Layering} rules. */
class ArchitectureTest {

    /** Main classes only: other modules' test classes come as {@code target/test-classes} or a {@code -tests.jar}. */
    static final ImportOption MAIN_CLASSES_ONLY = location -> !location.contains("/test-classes/")
            && !location.matches(Pattern.compile(".*-tests\\.jar.*"));

    private static JavaClasses product;

    @BeforeAll
    static void importProduct() {
        product = new ClassFileImporter().withImportOption(MAIN_CLASSES_ONLY).importPackages("deployer");
    }

    @Test
    void theImportSeesEveryModuleAndNoTestClass() {
        // The rules prove nothing about classes they never saw.
        assertThat(product.contain("deployer.core.spi.Command")).isTrue();
        assertThat(product.contain("deployer.core.internal.exec.JobQueue")).isTrue();
        assertThat(product.contain("deployer.commands.TestCommand")).isTrue();
        assertThat(product.contain("deployer.generators.tarball.TarballGenerator")).isTrue();
        assertThat(product.contain(ArchitectureTest.class)).isFalse();
        assertThat(product.contain("deployer.core.testing.OpenSshServers")).isFalse();
    }

    @TestFactory
    Stream<DynamicTest> everyLayeringRuleHolds() {
        return new Layering("deployer").all().stream()
                .map(rule -> DynamicTest.dynamicTest(rule.getDescription(), () -> check(rule)));
    }

    private static void check(ArchRule rule) {
        rule.check(product);
    }
}
