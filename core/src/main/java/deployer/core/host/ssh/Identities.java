package deployer.core.host.ssh;

import net.schmizz.sshj.Config;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.userauth.keyprovider.FileKeyProvider;
import net.schmizz.sshj.userauth.keyprovider.KeyFormat;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.keyprovider.KeyProviderUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The private keys offered to every host, read once per run. A key that cannot be read (a passphrase-protected
 * key, an unknown format) is skipped with a warning, as ssh does, rather than failing every connection.
 * Only file names and sshj's reason reach the log, never key material.
 */
final class Identities {

    private static final Logger LOG = LoggerFactory.getLogger(Identities.class);

    private final List<Path> files;
    private List<KeyProvider> loaded;

    Identities(List<Path> files) {
        this.files = List.copyOf(files);
    }

    List<Path> files() {
        return files;
    }

    synchronized List<KeyProvider> load(Config sshConfig) {
        if (loaded == null) {
            List<KeyProvider> keys = new ArrayList<>();
            for (Path file : files) {
                try {
                    keys.add(read(file, sshConfig));
                } catch (IOException | RuntimeException e) {
                    LOG.warn("Skipping identity file {}: {} (passphrase-protected keys are not supported)", file, e.getMessage());
                }
            }
            loaded = List.copyOf(keys);
        }
        return loaded;
    }

    private static KeyProvider read(Path file, Config sshConfig) throws IOException {
        KeyFormat format = KeyProviderUtil.detectKeyFileFormat(file.toFile());
        FileKeyProvider provider = Factory.Named.Util.create(sshConfig.getFileKeyProviderFactories(), format.toString());
        if (provider == null) {
            throw new IOException("unsupported key format " + format);
        }
        provider.init(file.toFile());
        // Decode now: an unreadable key should be skipped here, not fail authentication on every host.
        provider.getPrivate();
        provider.getPublic();
        return provider;
    }
}
