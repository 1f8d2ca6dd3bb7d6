package deployer.commands.templates;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 26.8: a rendering is never readable by more people than its source, unless the source says so. */
class TemplateSourceTest {

    @TempDir
    Path dir;

    private Path source(String perms) throws Exception {
        Path f = Files.writeString(dir.resolve("t-" + perms + ".mustache"), "x");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(perms));
        return f;
    }

    @Test
    void aPrivateSourceWrittenWorldReadableIsAProblemThatSaysWhatToGive() throws Exception {
        Path shadowLike = source("rw-r-----");
        assertThat(TemplateSource.wideningProblem(shadowLike, "0644")).hasValueSatisfying(p -> assertThat(p)
                .isEqualTo("template " + shadowLike + " has mode 0640, and writing it with mode 0644 would let everyone read it on the host;"
                        + " give a mode no wider than its source (e.g. \"0640\"), or widen the source's own mode if that is meant"));
        assertThat(TemplateSource.wideningProblem(source("rw-------"), "0640")).hasValueSatisfying(p -> assertThat(p)
                .contains("would let its group read it").contains("(e.g. \"0600\")"));
        assertThat(TemplateSource.wideningProblem(source("rw-r--r--"), "0666")).hasValueSatisfying(p -> assertThat(p)
                .contains("would let its group and everyone change it"));
    }

    @Test
    void theSameOrANarrowerModeIsFineAndTheOwnersBitsAreTheOwnersBusiness() throws Exception {
        assertThat(TemplateSource.wideningProblem(source("rw-r--r--"), "0644")).isEmpty();
        assertThat(TemplateSource.wideningProblem(source("rw-r--r--"), "0600")).isEmpty();
        assertThat(TemplateSource.wideningProblem(source("r--------"), "0700")).isEmpty();
    }
}
