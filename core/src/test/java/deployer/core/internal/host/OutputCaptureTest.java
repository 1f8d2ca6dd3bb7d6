package deployer.core.internal.host;

import deployer.core.spi.OutputListener;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class OutputCaptureTest {

    /** Lines end where BufferedReader ends them, however the bytes are cut into chunks (SSH packets). */
    @Test
    void linesEndAsReadLineEndsThemInEveryChunking() throws IOException {
        List<String> samples = List.of("", "a", "a\n", "a\nb", "a\r\nb\r\n", "a\rb\r", "\n\n", "\r\n\r\n", "\r\r\n",
                "x\r", "é ü 日本\nzweite Zeile\r\n€", "tail without end", "a\n\rb");
        for (String sample : samples) {
            List<String> expected = readLines(sample);
            byte[] bytes = sample.getBytes(StandardCharsets.UTF_8);
            for (int chunk = 1; chunk <= Math.max(1, bytes.length); chunk++) {
                assertThat(fed(bytes, chunk)).as("%s in chunks of %d", sample.replace("\r", "\\r").replace("\n", "\\n"), chunk)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void randomChunksOfRandomLinesGiveTheSameLinesAsReadLine() throws IOException {
        Random random = new Random(42);
        String alphabet = "ab\r\n€ ";
        for (int round = 0; round < 200; round++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(60); i > 0; i--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>();
            OutputCapture capture = new OutputCapture(true, listener(lines));
            for (int at = 0; at < bytes.length; ) {
                int n = Math.min(bytes.length - at, 1 + random.nextInt(7));
                capture.feed(bytes, at, n);
                at += n;
            }
            capture.end();
            assertThat(lines).isEqualTo(readLines(text.toString()));
        }
    }

    @Test
    void drainingAStreamKeepsStdoutAndTheLastLinesOfStderr() {
        OutputCapture out = new OutputCapture(false, OutputListener.IGNORE);
        out.drain(new ByteArrayInputStream("one\ntwo\nthree".getBytes(StandardCharsets.UTF_8)));
        assertThat(out.text()).isEqualTo("one\ntwo\nthree\n");
        OutputCapture err = new OutputCapture(true, OutputListener.IGNORE);
        StringBuilder many = new StringBuilder();
        for (int i = 1; i <= 100; i++) {
            many.append("line ").append(i).append('\n');
        }
        err.drain(new ByteArrayInputStream(many.toString().getBytes(StandardCharsets.UTF_8)));
        assertThat(err.tail()).endsWith("line 100").doesNotContain("line 1");
    }

    @Test
    void aDetachedCaptureKeepsNothingMore() {
        List<String> lines = new ArrayList<>();
        OutputCapture out = new OutputCapture(false, listener(lines));
        byte[] first = "kept\n".getBytes(StandardCharsets.UTF_8);
        out.feed(first, 0, first.length);
        out.detach();
        byte[] later = "dropped\n".getBytes(StandardCharsets.UTF_8);
        out.feed(later, 0, later.length);
        out.end();
        assertThat(lines).containsExactly("kept");
        assertThat(out.text()).isEqualTo("kept\n");
    }

    private static List<String> fed(byte[] bytes, int chunk) {
        List<String> lines = new ArrayList<>();
        OutputCapture capture = new OutputCapture(false, listener(lines));
        for (int at = 0; at < bytes.length; at += chunk) {
            capture.feed(bytes, at, Math.min(chunk, bytes.length - at));
        }
        capture.end();
        return lines;
    }

    private static OutputListener listener(List<String> lines) {
        return (line, stderr) -> lines.add(line);
    }

    private static List<String> readLines(String text) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new StringReader(text))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
            }
        }
        return lines;
    }
}
