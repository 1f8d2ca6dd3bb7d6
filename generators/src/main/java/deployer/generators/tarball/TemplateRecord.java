package deployer.generators.tarball;

import deployer.core.model.InvalidInputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a deploy tells that a config template on a host at the version has drifted without rendering it here (its
 * values may hold {@code ${secret:…}} references that only the executing run resolves): {@code upload_template}
 * writes, beside the release, a record of what it rendered — the fingerprint of its inputs as the plan holds them
 * (template text, values, mode, owner) and the sha256 of the file it wrote. The file has drifted when the
 * fingerprint the plan would give now differs (the template or a value changed), when the file's checksum is no
 * longer the one written (edited on the host), when its mode differs, or when there is no record (rendered by an
 * older deployer). A secret whose value changed behind the same reference is not seen: {@code --redeploy} ships it.
 */
final class TemplateRecord {

    /** Records live in the release, mirroring the templates' destinations, out of the way of the release's files. */
    static final String DIR = ".deployer-templates";

    private TemplateRecord() {
    }

    /** The record of a template rendered into {@code releaseDir}. */
    static String path(String releaseDir, ConfigTemplate t) {
        return releaseDir + "/" + DIR + "/" + t.dest();
    }

    /** The fingerprint of one rendering's inputs, as the plan's upload_template task holds them. */
    static String fingerprint(ConfigTemplate t, Map<String, Object> values) throws InvalidInputException {
        byte[] text;
        try {
            text = Files.readAllBytes(Path.of(t.src()));
        } catch (IOException e) {
            throw new InvalidInputException(t.src(), "cannot read the template: " + e.getMessage());
        }
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(text);
            d.update(("\u0000" + canonical(values) + "\u0000" + t.mode() + "\u0000" + (t.owner() == null ? "" : t.owner()))
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** Whether the file found on the host is what the plan would render now; null when so, else why not. */
    static String drift(AtVersionProbe.FileAnswer f) {
        if (f.sha256() == null) {
            return "missing";
        }
        if (f.recordedFingerprint() == null) {
            return "no record of its rendering";
        }
        if (!f.recordedFingerprint().equals(f.probe().fingerprint())) {
            return "template or values changed";
        }
        if (!f.sha256().equals(f.recordedSha256())) {
            return "edited on the host";
        }
        if (Integer.parseInt(f.mode(), 8) != Integer.parseInt(f.probe().template().mode(), 8)) {
            return "mode " + f.mode() + ", expected " + f.probe().template().mode();
        }
        return null;
    }

    /** Values in one unambiguous text: maps by key, strings quoted, so that equal values always give equal text. */
    static String canonical(Object v) {
        if (v instanceof Map<?, ?> m) {
            StringBuilder out = new StringBuilder("{");
            Map<String, Object> sorted = new TreeMap<>();
            m.forEach((k, x) -> sorted.put(String.valueOf(k), x));
            sorted.forEach((k, x) -> out.append(quote(k)).append(':').append(canonical(x)).append(','));
            return out.append('}').toString();
        }
        if (v instanceof List<?> l) {
            StringBuilder out = new StringBuilder("[");
            l.forEach(x -> out.append(canonical(x)).append(','));
            return out.append(']').toString();
        }
        if (v instanceof String s) {
            return quote(s);
        }
        return String.valueOf(v);
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
