package deployer.core.internal.host.ssh;

import net.schmizz.sshj.transport.LeanReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.util.Properties;

/**
 * Gives every sshj connection a 16 KiB receive buffer instead of 256 KiB ({@link LeanReader} says why): defines
 * {@link LeanReader}'s class file, renamed, as sshj's {@code net.schmizz.sshj.transport.Reader}, before sshj loads
 * its own. Replacing the reader of each client afterwards cannot work: sshj's Reader is a final class and
 * TransportImpl's {@code reader} field is of that class. Defining the class is not order-dependent as a copy on the
 * classpath would be (the launcher puts sshj's jar before ours). Measured at 200 loopback hosts: live byte[] 66 → 26
 * MB mid-run, peak RSS of a one-command run 254 → 200 MiB (medians of 10 and 9 runs).
 *
 * <p>Only for the sshj version the copy was made from; with another, or when sshj's Reader is already loaded (an
 * SSHClient made before the first {@link #install()}), sshj keeps its own reader, logged at DEBUG: never a reason to
 * fail a connect.
 */
final class SshjReceiveBuffer {

    private static final Logger LOG = LoggerFactory.getLogger(SshjReceiveBuffer.class);
    /** The sshj release whose Reader {@link LeanReader} copies. */
    static final String SSHJ_VERSION = "0.40.0";
    private static final String READER = "net/schmizz/sshj/transport/Reader";

    private SshjReceiveBuffer() {
    }

    private static final class Once {
        static final boolean INSTALLED = install(sshjVersion());
    }

    /** Installs the small-buffer reader once per JVM; call before the first {@code new SSHClient}. */
    static boolean install() {
        return Once.INSTALLED;
    }

    /** Defines the small-buffer reader as sshj's Reader if sshj is {@code version}; false when sshj keeps its own. */
    static boolean install(String version) {
        if (!SSHJ_VERSION.equals(version)) {
            LOG.debug("sshj {} (not {}): its own transport reader, with a 256 KiB buffer per connection",
                    version, SSHJ_VERSION);
            return false;
        }
        try (InputStream in = LeanReader.class.getResourceAsStream("LeanReader.class")) {
            if (in == null) {
                throw new IOException("LeanReader.class not found");
            }
            byte[] renamed = renamed(in.readAllBytes(), LeanReader.class.getName().replace('.', '/'), READER);
            MethodHandles.privateLookupIn(LeanReader.class, MethodHandles.lookup()).defineClass(renamed);
            return true;
        } catch (IOException | ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.debug("sshj keeps its own transport reader (256 KiB buffer per connection): {}", e.toString());
            return false;
        }
    }

    /** The version in sshj's jar, or null when it does not say. */
    private static String sshjVersion() {
        try (InputStream in = LeanReader.class.getClassLoader().getResourceAsStream("sshj.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("sshj.version");
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The class file with class {@code from} (internal name, a/b/C) renamed to {@code to}: the class's own name and
     * every descriptor that mentions it live in the constant pool's UTF-8 entries; the rest is copied as it is.
     */
    static byte[] renamed(byte[] classFile, String from, String to) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(classFile.length + 64);
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(in.readInt()); // magic
        out.writeInt(in.readInt()); // minor and major version
        int count = in.readUnsignedShort();
        out.writeShort(count);
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            out.writeByte(tag);
            switch (tag) {
                case 1 -> { // Utf8
                    String s = in.readUTF();
                    out.writeUTF(s.equals(from) ? to : s.replace("L" + from + ";", "L" + to + ";"));
                }
                case 7, 8, 16, 19, 20 -> out.write(in.readNBytes(2)); // Class, String, MethodType, Module, Package
                case 15 -> out.write(in.readNBytes(3)); // MethodHandle
                case 3, 4, 9, 10, 11, 12, 17, 18 -> out.write(in.readNBytes(4)); // Integer, Float, refs, Dynamic
                case 5, 6 -> { // Long, Double: two entries
                    out.write(in.readNBytes(8));
                    i++;
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        in.transferTo(out);
        return bytes.toByteArray();
    }
}
