package deployer.tests.docs;

import deployer.core.testing.CliProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every relative link of README.md, BENCHMARKS.md and docs/**.md resolves: the file or folder exists in the
 * repository, and an anchor names a heading of its Markdown file as GitHub spells anchors. A moved or renamed
 * page, or a heading reworded, fails here with every broken link named at its file:line.
 */
class DocsLinksTest {

    private static final Path ROOT = CliProcess.projectRoot();

    @Test
    void everyRelativeLinkOfTheDocsResolves() throws IOException {
        List<Path> pages = pages();
        assertThat(pages).contains(ROOT.resolve("README.md"), ROOT.resolve("docs/getting-started.md"));
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : pages) {
            for (MarkdownLinks.Link link : MarkdownLinks.relativeLinks(page)) {
                checked++;
                problem(link).ifPresent(p -> broken.add(link.where(ROOT) + " (" + link.target() + "): " + p));
            }
        }
        assertThat(checked).as("links checked").isGreaterThan(50);
        assertThat(broken).as("broken links").isEmpty();
    }

    /** The checker itself: it finds what is broken and passes what is not (else the test above proves nothing). */
    @Test
    void theCheckerTellsABrokenLinkFromAGoodOne(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("other.md"), """
                # Other page
                ## Status, plan diff, run metrics
                ## `deploy status` and the `--to` hint
                ## Twice
                ## Twice
                ```sh
                # not a heading
                ```
                """);
        Path page = Files.writeString(dir.resolve("page.md"), """
                # Page
                [ok](other.md#status-plan-diff-run-metrics) [ok](other.md#deploy-status-and-the---to-hint)
                [ok](other.md#twice-1) [ok](#page) [ok](other.md) [ok](https://example.com/x.md#y)
                [missing file](gone.md) [missing anchor](other.md#twice-2) [code](other.md#not-a-heading)
                `[in a code span](nowhere.md)`
                ```
                [in a code block](nowhere.md)
                ```
                """);
        List<String> problems = MarkdownLinks.relativeLinks(page).stream()
                .map(l -> l.target() + " → " + problem(l).orElse("ok")).toList();
        assertThat(problems).containsExactly(
                "other.md#status-plan-diff-run-metrics → ok",
                "other.md#deploy-status-and-the---to-hint → ok",
                "other.md#twice-1 → ok",
                "#page → ok",
                "other.md → ok",
                "gone.md → no such file",
                "other.md#twice-2 → no heading with anchor #twice-2 in other.md",
                "other.md#not-a-heading → no heading with anchor #not-a-heading in other.md");
    }

    private static Optional<String> problem(MarkdownLinks.Link link) {
        String target = link.target();
        int hash = target.indexOf('#');
        String path = URLDecoder.decode(hash < 0 ? target : target.substring(0, hash), StandardCharsets.UTF_8);
        Path file = path.isEmpty() ? link.file() : link.file().getParent().resolve(path).normalize();
        if (!Files.exists(file)) {
            return Optional.of("no such file");
        }
        if (hash < 0) {
            return Optional.empty();
        }
        String anchor = target.substring(hash + 1);
        try {
            if (!file.toString().endsWith(".md") || !MarkdownLinks.anchors(file).contains(anchor)) {
                return Optional.of("no heading with anchor #" + anchor + " in " + file.getFileName());
            }
        } catch (IOException e) {
            return Optional.of("unreadable: " + e.getMessage());
        }
        return Optional.empty();
    }

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("BENCHMARKS.md")));
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }
}
