package deployer.commands.files;

import deployer.commands.support.PathArguments;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Hidden temporary names beside a path, so a final {@code mv} is a rename within one directory (atomic). */
final class TempNames {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TempNames() {
    }

    /** {@code /opt/web} → {@code /opt/.web.deployer-3fa9c1d2}. */
    static String beside(String path) {
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        String name = PathArguments.fileName(path);
        String dir = path.substring(0, path.length() - name.length());
        return dir + "." + name + ".deployer-" + HexFormat.of().formatHex(b);
    }
}
