package deployer.core.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 26.7 and 26.21: values from an input are echoed escaped, and cut with their length. */
class PrintableTest {

    @Test
    void controlCharactersBidiOverridesAndNewlinesAreEscaped() {
        assertThat(Printable.escape("be\u001B[31m01\u0007")).isEqualTo("be\\u001B[31m01\\u0007");
        assertThat(Printable.escape("web\u202Etxt.exe")).isEqualTo("web\\u202Etxt.exe");
        assertThat(Printable.escape("a\n2026-12-07 [ERROR] forged")).isEqualTo("a\\n2026-12-07 [ERROR] forged");
        assertThat(Printable.escape("tab\there\r\u0085\u2028\u200B")).isEqualTo("tab\\there\\r\\u0085\\u2028\\u200B");
    }

    @Test
    void printableTextIsLeftAsItIsUnicodeLettersIncluded() {
        assertThat(Printable.escape("be001.example.com — Grüße 日本")).isEqualTo("be001.example.com — Grüße 日本");
        assertThat(Printable.isPrintable("plain")).isTrue();
        assertThat(Printable.isPrintable("a\u001Bb")).isFalse();
    }

    @Test
    void aLongValueIsCutAndItsLengthGiven() {
        String big = "x".repeat(1_048_576);
        assertThat(Printable.quote(big)).isEqualTo("'" + "x".repeat(Printable.MAX_ECHOED) + "…' (1048576 characters)");
        assertThat(Printable.quote("short")).isEqualTo("'short'");
        assertThat(Printable.cut("y".repeat(100), 10)).isEqualTo("yyyyyyyyyy… (100 characters)");
    }

    @Test
    void aProblemPrintsEscapedAndCut() {
        Problem p = new Problem("c.yaml:3:5 hostgroup.web\u001B[2J", "unknown host 'a\nERROR forged'");
        assertThat(p.toString()).isEqualTo("c.yaml:3:5 hostgroup.web\\u001B[2J: unknown host 'a\\nERROR forged'");
        assertThat(new Problem("x", "m".repeat(5_000)).toString()).hasSizeLessThan(2_100).endsWith("… (5000 characters)");
    }

    @Test
    void fiftyThousandProblemsListTheFirstOnesAndCountTheRest() {
        java.util.List<Problem> many = java.util.stream.IntStream.range(0, 50_000)
                .mapToObj(i -> new Problem("c.yaml:" + (i + 1) + ":1 hostgroup.g[" + i + "]", "bad host")).toList();
        java.util.List<String> lines = Problem.listing(many);
        assertThat(lines).hasSize(Problem.MAX_LISTED + 1);
        assertThat(lines.get(0)).isEqualTo("c.yaml:1:1 hostgroup.g[0]: bad host");
        assertThat(lines.get(Problem.MAX_LISTED)).isEqualTo("… and 49800 more problems (50000 in all; the first 200 are listed)");
        assertThat(new InvalidInputException(many).getMessage().lines().count()).isEqualTo(Problem.MAX_LISTED + 1);
        assertThat(Problem.listing(many.subList(0, 3))).hasSize(3);
    }
}
