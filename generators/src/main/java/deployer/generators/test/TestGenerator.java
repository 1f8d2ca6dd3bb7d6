package deployer.generators.test;

import deployer.core.model.Stage;
import deployer.core.model.StageItem;
import deployer.core.model.Task;
import deployer.core.model.Tasklist;
import deployer.core.config.MapSchema;
import deployer.core.spi.Generator;
import deployer.core.spi.GeneratorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** The spec's example platform ({@code platform: test}): one stage with one {@code test_command}. */
public final class TestGenerator implements Generator {

    private static final Logger LOG = LoggerFactory.getLogger(TestGenerator.class);

    @Override
    public MapSchema configSchema() {
        return TestSchema.TOP;
    }

    @Override
    public String platform() {
        return "test";
    }

    @Override
    public Tasklist generate(GeneratorContext context) {
        LOG.info("Generating test task list");
        Task task = Task.builder("test_command").arg("message", "Hello World").build();
        Stage stage = new Stage("Test stage", 1, 0, List.of(StageItem.of(task)));
        return new Tasklist("Test Generator", List.of(stage));
    }
}
