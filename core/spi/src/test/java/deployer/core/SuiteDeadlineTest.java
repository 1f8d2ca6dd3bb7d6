package deployer.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The suite-wide deadline comes from the junit-platform.properties on the test classpath (from .mvn/junit), not from
 * Surefire's configuration, so a test run from an IDE or the console launcher gets it too.
 */
class SuiteDeadlineTest {

    private final Map<String, String> seen = new HashMap<>();

    @RegisterExtension
    final BeforeEachCallback parameters = context -> {
        for (String key : new String[] {"junit.jupiter.execution.timeout.default", "junit.jupiter.execution.timeout.thread.mode.default"}) {
            context.getConfigurationParameter(key).ifPresent(v -> seen.put(key, v));
        }
    };

    @Test
    void everyTestHasTheSuiteDeadlineFromTheClasspath() {
        assertThat(seen).containsEntry("junit.jupiter.execution.timeout.default", "5 m")
                .containsEntry("junit.jupiter.execution.timeout.thread.mode.default", "SEPARATE_THREAD");
        assertThat(SuiteDeadlineTest.class.getResource("/junit-platform.properties")).isNotNull();
    }
}
