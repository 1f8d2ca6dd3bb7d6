package deployer.core.report;

import deployer.core.model.Redaction;
import deployer.core.model.Secret;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The effective config as a report shows it: every value under a key that names a secret (password, passphrase,
 * secret, token, credential, private key, api key; not one naming where a secret is kept, like
 * {@code passphrase_file}) is {@link Secret#MASK}, and so is any {@link Secret} and any text
 * holding a sensitive value of the plan. A seam for declared sensitivity: when config keys can say they are
 * sensitive, pass their values in {@code sensitiveValues} too.
 */
public final class MaskedConfig {

    private static final Pattern SECRET_KEY = Pattern.compile(
            "(?i).*(pass(word|wd|phrase)?|secret|token|credential|private_?key|api_?key).*");
    /** Where a secret is kept is no secret: {@code ssh.passphrase_file} shows its path. */
    private static final Pattern LOCATION_KEY = Pattern.compile("(?i).*_(file|files|path|dir)$");

    private MaskedConfig() {
    }

    public static Object of(Object plainConfig, Collection<String> sensitiveValues) {
        return mask(plainConfig, false, Redaction.ofValues(sensitiveValues));
    }

    private static Object mask(Object value, boolean underSecretKey, Redaction redaction) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> {
                String key = String.valueOf(k);
                out.put(key, mask(v, underSecretKey || (SECRET_KEY.matcher(key).matches() && !LOCATION_KEY.matcher(key).matches()), redaction));
            });
            return out;
        }
        if (value instanceof List<?> l) {
            return l.stream().map(v -> mask(v, underSecretKey, redaction)).toList();
        }
        if (value instanceof Secret) {
            return Secret.MASK;
        }
        if (underSecretKey && value != null && !(value instanceof Boolean)) {
            return Secret.MASK;
        }
        if (value instanceof String s) {
            return redaction.mask(s);
        }
        return value;
    }
}
