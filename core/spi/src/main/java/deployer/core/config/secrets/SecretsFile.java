package deployer.core.config.secrets;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The format of {@code secrets/ENV.yaml.enc}: one header line, then the ciphertext in base64 lines.
 *
 * <pre>
 * deployer-secrets v1 aes-256-gcm kdf=pbkdf2-sha256 iterations=600000 salt=BASE64 nonce=BASE64
 * BASE64 (AES-256-GCM of the plain YAML, with its 128-bit tag) …
 * </pre>
 *
 * The header line, newline included, is the cipher's additional authenticated data: changing the version, the
 * iterations, the salt or the nonce fails the tag check like a changed ciphertext byte does. With a 256-bit key
 * the header says {@code kdf=none} and has no iterations or salt. A fresh nonce (and salt) for every encryption.
 */
public final class SecretsFile {

    static final String MAGIC = "deployer-secrets";
    static final String VERSION = "v1";
    static final String CIPHER = "aes-256-gcm";
    /** OWASP's 2023 figure for PBKDF2-HMAC-SHA256. */
    public static final int ITERATIONS = 600_000;
    private static final int MIN_ITERATIONS = 600_000;
    private static final int MAX_ITERATIONS = 100_000_000;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SecretsFile() {
    }

    /** Why a file cannot be opened: the message is safe to show (it never holds key or plaintext). */
    public static final class DecryptException extends Exception {
        public DecryptException(String message) {
            super(message);
        }
    }

    public static byte[] encrypt(byte[] plain, SecretsKey key) {
        byte[] nonce = random(12);
        Map<String, String> header = new LinkedHashMap<>();
        byte[] aesKey;
        if (key.isPassphrase()) {
            byte[] salt = random(16);
            header.put("kdf", "pbkdf2-sha256");
            header.put("iterations", String.valueOf(ITERATIONS));
            header.put("salt", b64(salt));
            aesKey = pbkdf2(key.passphraseChars(), salt, ITERATIONS);
        } else {
            header.put("kdf", "none");
            aesKey = key.raw();
        }
        header.put("nonce", b64(nonce));
        StringBuilder line = new StringBuilder(MAGIC + " " + VERSION + " " + CIPHER);
        header.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
        byte[] headerBytes = (line + "\n").getBytes(StandardCharsets.US_ASCII);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aesKey, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(headerBytes);
            byte[] sealed = c.doFinal(plain);
            String body = Base64.getMimeEncoder(76, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(sealed) + "\n";
            byte[] out = new byte[headerBytes.length + body.length()];
            System.arraycopy(headerBytes, 0, out, 0, headerBytes.length);
            System.arraycopy(body.getBytes(StandardCharsets.US_ASCII), 0, out, headerBytes.length, body.length());
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available in this JDK", e);
        }
    }

    /**
     * The plain bytes. A wrong key and a changed byte anywhere (header or body) both fail the tag check, which
     * cannot tell them apart; the message says so rather than guess.
     */
    public static byte[] decrypt(byte[] file, SecretsKey key) throws DecryptException {
        int nl = indexOf(file, (byte) '\n');
        if (nl < 0) {
            throw new DecryptException("not a deployer secrets file (no header line); wrong key or file damaged");
        }
        byte[] headerBytes = java.util.Arrays.copyOf(file, nl + 1);
        String line = new String(headerBytes, StandardCharsets.US_ASCII).strip();
        String[] words = line.split(" ");
        if (words.length < 3 || !words[0].equals(MAGIC)) {
            throw new DecryptException("not a deployer secrets file (its first line should start with '" + MAGIC + "'); file damaged");
        }
        if (!words[1].equals(VERSION) || !words[2].equals(CIPHER)) {
            throw new DecryptException("unsupported format '" + safe(words[1]) + " " + safe(words[2]) + "' (this deployer reads "
                    + VERSION + " " + CIPHER + "); wrong key or file damaged");
        }
        Map<String, String> header = new LinkedHashMap<>();
        for (int i = 3; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            if (eq <= 0) {
                throw new DecryptException("damaged header; wrong key or file damaged");
            }
            header.put(words[i].substring(0, eq), words[i].substring(eq + 1));
        }
        try {
            byte[] nonce = unb64(header.get("nonce"));
            byte[] aesKey;
            String kdf = header.getOrDefault("kdf", "");
            if (kdf.equals("pbkdf2-sha256")) {
                if (!key.isPassphrase()) {
                    throw new DecryptException("wrong key or file damaged (the file is locked with a passphrase, the key given is a 256-bit key)");
                }
                int iterations = Integer.parseInt(header.getOrDefault("iterations", "0"));
                if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
                    throw new DecryptException("damaged header (iterations out of range); wrong key or file damaged");
                }
                aesKey = pbkdf2(key.passphraseChars(), unb64(header.get("salt")), iterations);
            } else if (kdf.equals("none")) {
                if (key.isPassphrase()) {
                    throw new DecryptException("wrong key or file damaged (the file is locked with a 256-bit key, the key given is a passphrase)");
                }
                aesKey = key.raw();
            } else {
                throw new DecryptException("damaged header (unknown kdf); wrong key or file damaged");
            }
            if (nonce.length != 12) {
                throw new DecryptException("damaged header (nonce); wrong key or file damaged");
            }
            byte[] body = body(new String(file, nl + 1, file.length - nl - 1, StandardCharsets.ISO_8859_1));
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(aesKey, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(headerBytes);
            return c.doFinal(body);
        } catch (AEADBadTagException e) {
            throw new DecryptException("wrong key or file damaged");
        } catch (IllegalArgumentException e) {
            throw new DecryptException("wrong key or file damaged (not valid base64)");
        } catch (GeneralSecurityException e) {
            throw new DecryptException("wrong key or file damaged (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * The ciphertext of the base64 lines, read strictly: any other character, or an encoding that is not the one
     * this class writes (a changed padding bit), is damage, even where a lenient decoder would shrug it off.
     */
    private static byte[] body(String text) throws DecryptException {
        String joined = text.endsWith("\n") ? text.substring(0, text.length() - 1).replace("\n", "") : null;
        if (joined == null || !joined.matches("[A-Za-z0-9+/]*={0,2}")) {
            throw new DecryptException("wrong key or file damaged (the body is not base64 lines)");
        }
        byte[] decoded = Base64.getDecoder().decode(joined);
        if (!Base64.getEncoder().encodeToString(decoded).equals(joined)) {
            throw new DecryptException("wrong key or file damaged (the body is not in its canonical base64)");
        }
        return decoded;
    }

    /** A fresh 256-bit key in base64, as a key file or DEPLOYER_SECRETS_KEY holds it. */
    public static String newKey() {
        return b64(random(32));
    }

    private static byte[] pbkdf2(char[] passphrase, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(passphrase, salt, iterations, 256);
            try {
                return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            } finally {
                spec.clearPassword();
                java.util.Arrays.fill(passphrase, '\0');
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JDK", e);
        }
    }

    private static String safe(String word) {
        return word.replaceAll("[^A-Za-z0-9._-]", "?");
    }

    private static int indexOf(byte[] a, byte b) {
        for (int i = 0; i < a.length && i < 1024; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static byte[] unb64(String s) {
        if (s == null) {
            throw new IllegalArgumentException("missing");
        }
        return Base64.getDecoder().decode(s);
    }
}
