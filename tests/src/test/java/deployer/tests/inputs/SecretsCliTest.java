package deployer.tests.inputs;

import deployer.tests.architecture.fixture.core.a.A;
import deployer.tests.architecture.fixture.core.b.B;

import deployer.core.testing.CliProcess;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deploy secrets encrypt|decrypt|edit|show|genkey} through the real CLI: the file round-trips, the editor
 * works on a private copy that is gone afterwards, and a wrong key or one changed byte is a clear error (exit 2)
 * that shows nothing of the file.
 */
class SecretsCliTest {

    static final String DB_PASSWORD = "Velvet-DbPass-93ks";
    static final String API_TOKEN = "Amber-Token-41mx";

    @TempDir
    Path work;
    Path config;
    Path key;
    Path sealed;

    @BeforeEach
    void configAndKey() throws IOException {
        config = Files.writeString(work.resolve("app.yaml"), "platform: test\n");
        CliProcess.Result genkey = secrets(Map.of(), "genkey");
        assertThat(genkey.exitCode()).as(genkey.all()).isZero();
        assertThat(genkey.stdout().strip()).matches("[A-Za-z0-9+/]{43}=");
        key = Files.writeString(work.resolve("prod.key"), genkey.stdout());
        sealed = work.resolve("secrets/prod.yaml.enc");
    }

    private CliProcess.Result secrets(Map<String, String> env, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "secrets";
        System.arraycopy(args, 0, all, 1, args.length);
        return CliProcess.run(CliProcess.DEPLOY, work.resolve("cli"), Duration.ofMinutes(2), env, all);
    }

    private CliProcess.Result withKey(String... args) {
        String[] all = new String[args.length + 6];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(new String[]{"--config", config.toString(), "--environment", "prod", "--secrets-key-file", key.toString()},
                0, all, args.length, 6);
        return secrets(Map.of(), all);
    }

    private void encrypt() throws IOException {
        Path plain = Files.writeString(work.resolve("plain.yaml"), "db_password: " + DB_PASSWORD + "\napi_token: " + API_TOKEN + "\n");
        CliProcess.Result r = withKey("encrypt", plain.toString());
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stderr()).contains("Encrypted 2 secrets into " + sealed);
        Files.delete(plain);
    }

    @Test
    void encryptThenDecryptAndShowGiveBackEveryValueAndTheFileHoldsNone() throws IOException {
        encrypt();

        String file = Files.readString(sealed);
        assertThat(file).startsWith("deployer-secrets v1 aes-256-gcm kdf=none nonce=").doesNotContain(DB_PASSWORD, API_TOKEN, "db_password");
        CliProcess.Result show = withKey("show");
        assertThat(show.exitCode()).as(show.all()).isZero();
        assertThat(show.stdout()).isEqualTo("api_token: " + API_TOKEN + "\ndb_password: " + DB_PASSWORD + "\n");
        CliProcess.Result names = withKey("show", "--names");
        assertThat(names.stdout()).isEqualTo("api_token\ndb_password\n");

        Path out = work.resolve("back.yaml");
        CliProcess.Result decrypt = withKey("decrypt", out.toString());
        assertThat(decrypt.exitCode()).as(decrypt.all()).isZero();
        assertThat(out).hasContent("db_password: " + DB_PASSWORD + "\napi_token: " + API_TOKEN);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
        assertThat(decrypt.stdout()).isEmpty();
    }

    @Test
    void aPassphraseIsStretchedWithPbkdf2AndOnlyTheSamePassphraseOpensTheFile() throws IOException {
        Path plain = Files.writeString(work.resolve("plain.yaml"), "db_password: " + DB_PASSWORD + "\n");
        String[] where = {"--config", config.toString(), "--environment", "prod"};
        CliProcess.Result encrypt = secrets(Map.of("DEPLOYER_SECRETS_PASSPHRASE", "correct horse battery"), "encrypt", plain.toString(),
                where[0], where[1], where[2], where[3]);
        assertThat(encrypt.exitCode()).as(encrypt.all()).isZero();
        assertThat(Files.readAllLines(sealed).get(0)).matches(
                "deployer-secrets v1 aes-256-gcm kdf=pbkdf2-sha256 iterations=600000 salt=\\S{24} nonce=\\S{16}");

        CliProcess.Result right = secrets(Map.of("DEPLOYER_SECRETS_PASSPHRASE", "correct horse battery"), "show", where[0], where[1], where[2], where[3]);
        CliProcess.Result wrong = secrets(Map.of("DEPLOYER_SECRETS_PASSPHRASE", "correct horse battery!"), "show", where[0], where[1], where[2], where[3]);

        assertThat(right.stdout()).isEqualTo("db_password: " + DB_PASSWORD + "\n");
        assertThat(wrong.exitCode()).as(wrong.all()).isEqualTo(2);
        assertThat(wrong.stderr()).contains("cannot decrypt " + sealed + ": wrong key or file damaged (key from DEPLOYER_SECRETS_PASSPHRASE)");
        assertThat(wrong.stdout()).isEmpty();
    }

    @Test
    void editOpensTheEditorOnAPrivateCopyReEncryptsWhatWasSavedAndRemovesTheCopy() throws IOException {
        encrypt();
        byte[] before = Files.readAllBytes(sealed);
        // The editor: records the file it got and its mode, then changes a value and adds a secret.
        Path seen = work.resolve("seen.txt");
        Path editor = Files.writeString(work.resolve("editor.sh"), """
                #!/bin/sh
                echo "$1 $(stat -c %%a "$1") $(stat -c %%a "$(dirname "$1")")" > %s
                sed -i 's/%s/Changed-Pass-55qq/' "$1"
                echo 'new_one: "Fresh-Value-77ab"' >> "$1"
                """.formatted(seen, DB_PASSWORD));
        editor.toFile().setExecutable(true);

        CliProcess.Result edit = secrets(Map.of("EDITOR", editor.toString(), "VISUAL", ""), "edit", "--config", config.toString(),
                "--environment", "prod", "--secrets-key-file", key.toString());

        assertThat(edit.exitCode()).as(edit.all()).isZero();
        assertThat(edit.stderr()).contains("Encrypted 3 secrets into " + sealed);
        String[] copy = Files.readString(seen).strip().split(" ");
        assertThat(copy[1]).as("the plain copy's mode").isEqualTo("600");
        assertThat(copy[2]).as("its directory's mode").isEqualTo("700");
        assertThat(Path.of(copy[0])).as("the plain copy is removed").doesNotExist();
        assertThat(Path.of(copy[0]).getParent()).doesNotExist();
        assertThat(Files.readAllBytes(sealed)).isNotEqualTo(before);
        assertThat(withKey("show").stdout())
                .isEqualTo("api_token: " + API_TOKEN + "\ndb_password: Changed-Pass-55qq\nnew_one: Fresh-Value-77ab\n");
    }

    @Test
    void aWrongKeyIsAClearErrorThatShowsNothing() throws IOException {
        encrypt();
        CliProcess.Result other = secrets(Map.of(), "genkey");

        CliProcess.Result r = secrets(Map.of("DEPLOYER_SECRETS_KEY", other.stdout().strip()), "show", "--config", config.toString(),
                "--environment", "prod");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr()).contains("deploy secrets: cannot decrypt " + sealed + ": wrong key or file damaged (key from DEPLOYER_SECRETS_KEY)");
        assertThat(r.stdout()).isEmpty();
        assertThat(r.all()).doesNotContain(DB_PASSWORD, API_TOKEN);
    }

    @Test
    void oneChangedByteInTheCiphertextOrInTheAuthenticatedHeaderIsAClearErrorNeverGarbage() throws IOException {
        encrypt();
        byte[] good = Files.readAllBytes(sealed);
        int headerEnd = new String(good, StandardCharsets.US_ASCII).indexOf('\n');
        // A base64 letter of the body, and one of the header's nonce: each swapped for another base64 letter.
        for (int at : new int[]{headerEnd + 10, headerEnd - 3}) {
            byte[] bad = good.clone();
            bad[at] = (byte) (bad[at] == 'A' ? 'B' : 'A');
            Files.write(sealed, bad);

            CliProcess.Result r = withKey("show");

            assertThat(r.exitCode()).as("byte %d: %s", at, r.all()).isEqualTo(2);
            assertThat(r.stderr()).contains("cannot decrypt " + sealed + ": wrong key or file damaged");
            assertThat(r.stdout()).isEmpty();
        }
    }

    @Test
    void aPlanReferringToAnUnknownSecretIsRefusedBeforeAnythingRuns() throws IOException {
        encrypt();
        Files.createDirectories(work.resolve("environments"));
        Files.writeString(work.resolve("environments/prod.yaml"), "");
        Path ran = work.resolve("ran");
        Path plan = Files.writeString(work.resolve("plan.json"), """
                {"name": "p", "stages": [{"name": "s", "concurrency": 1, "tasks": [
                  {"command": "execute_command", "shell": "touch %s"},
                  {"command": "execute_command", "shell": "echo ${secret:db_pasword}"}]}]}
                """.formatted(ran));

        CliProcess.Result r = CliProcess.deploy(work.resolve("cli"), "--tasklist", plan.toString(), "--config", config.toString(),
                "--environment", "prod", "--secrets-key-file", key.toString());

        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr()).contains("task 1.2 (execute_command): argument 'shell': unknown secret 'db_pasword' in ${secret:db_pasword}; "
                + sealed + " holds: api_token, db_password");
        assertThat(ran).as("nothing may run").doesNotExist();
    }
    @Test
    void genkeyWritesTheKeyFileItselfInAPrivateFolderItMakesAndNeverOverwrites() throws IOException {
        Path plain = Files.writeString(work.resolve("staging-plain.yaml"), "db_password: " + DB_PASSWORD + "\n");
        // The shell redirect `genkey > ~/.config/deployer/staging.key` fails when the folder is missing.
        Path folder = work.resolve("home-of-op/.config/deployer");
        Path out = folder.resolve("staging.key");
        CliProcess.Result made = secrets(Map.of(), "genkey", "--out", out.toString());
        assertThat(made.exitCode()).as(made.all()).isZero();
        assertThat(made.stdout()).as("the key is not printed when it went to a file").isEmpty();
        assertThat(made.stderr()).contains("Wrote a new key to " + out, "0600");
        assertThat(Files.readString(out).strip()).matches("[A-Za-z0-9+/]{43}=");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.getParent()))).isEqualTo("rwx------");

        // The written key works as a key file.
        CliProcess.Result sealedWithNew = secrets(Map.of(), "encrypt", plain.toString(), "--config", config.toString(),
                "--environment", "staging", "--secrets-key-file", out.toString());
        assertThat(sealedWithNew.exitCode()).as(sealedWithNew.all()).isZero();
        CliProcess.Result shown = secrets(Map.of(), "show", "--names", "--config", config.toString(), "--environment", "staging",
                "--secrets-key-file", out.toString());
        assertThat(shown.exitCode()).as(shown.all()).isZero();
        assertThat(shown.stdout()).contains("db_password");

        String before = Files.readString(out);
        CliProcess.Result again = secrets(Map.of(), "genkey", "--out", out.toString());
        assertThat(again.exitCode()).as(again.all()).isEqualTo(2);
        assertThat(again.stderr()).contains(out.toString(), "already exists", "not overwritten");
        assertThat(Files.readString(out)).as("the key that encrypts staging's secrets is kept").isEqualTo(before);

        CliProcess.Result help = secrets(Map.of(), "--help");
        assertThat(help.stdout()).contains("--out", "0600", "0700");
    }
}
