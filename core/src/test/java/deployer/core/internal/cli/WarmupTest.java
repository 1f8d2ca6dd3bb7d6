package deployer.core.internal.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The warm-up names classes by string: a rename must not leave it warming nothing, silently. */
class WarmupTest {

    @Test
    void everyClassItWarmsExists() throws ClassNotFoundException {
        assertThat(Warmup.CLASSES).isNotEmpty();
        for (String name : Warmup.CLASSES) {
            assertThat(Class.forName(name, false, Warmup.class.getClassLoader())).as(name).isNotNull();
        }
    }
}
