package deployer.core.internal.host.ssh;

import net.schmizz.sshj.common.Buffer;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A client of a running ssh-agent over its Unix socket ({@code SSH_AUTH_SOCK}), speaking the agent protocol
 * (draft-miller-ssh-agent): list the keys, sign with one. Keys never leave the agent; we only see public keys and
 * signatures. Java 16+ speaks Unix sockets itself, so no native library is needed. One request per socket
 * connection keeps it safe for concurrent logins.
 */
final class SshAgent {

    private static final byte FAILURE = 5;
    private static final byte REQUEST_IDENTITIES = 11;
    private static final byte IDENTITIES_ANSWER = 12;
    private static final byte SIGN_REQUEST = 13;
    private static final byte SIGN_RESPONSE = 14;
    /** Sign flags: RSA keys sign with SHA-2, as servers (OpenSSH 8.8+) no longer accept SHA-1. */
    static final int RSA_SHA2_256 = 2;
    private static final int MAX_MESSAGE = 256 * 1024;

    /** One key the agent holds: its public key in wire format and its comment (often the file it came from). */
    record Identity(byte[] blob, String comment) {
        String keyType() {
            try {
                return new Buffer.PlainBuffer(blob).readString();
            } catch (Buffer.BufferException e) {
                return "?";
            }
        }

        @Override
        public String toString() {
            return keyType() + " " + Fingerprints.sha256(blob) + (comment.isEmpty() ? "" : " (" + comment + ")") + " from ssh-agent";
        }
    }

    private final Path socket;

    SshAgent(Path socket) {
        this.socket = socket;
    }

    Path socket() {
        return socket;
    }

    List<Identity> identities() throws IOException {
        Buffer.PlainBuffer answer = request(REQUEST_IDENTITIES, new Buffer.PlainBuffer());
        try {
            byte type = answer.readByte();
            if (type != IDENTITIES_ANSWER) {
                throw new IOException("ssh-agent at " + socket + " answered " + type + " to a request for its keys");
            }
            int count = answer.readUInt32AsInt();
            List<Identity> keys = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                keys.add(new Identity(answer.readBytes(), answer.readString(StandardCharsets.UTF_8)));
            }
            return keys;
        } catch (Buffer.BufferException e) {
            throw new IOException("ssh-agent at " + socket + " sent a malformed key list", e);
        }
    }

    /** @return the signature in wire format ({@code string algorithm, string signature}) */
    byte[] sign(Identity key, byte[] data, int flags) throws IOException {
        Buffer.PlainBuffer body = new Buffer.PlainBuffer().putString(key.blob()).putString(data).putUInt32(flags);
        Buffer.PlainBuffer answer = request(SIGN_REQUEST, body);
        try {
            byte type = answer.readByte();
            if (type == FAILURE) {
                throw new IOException("ssh-agent at " + socket + " refused to sign with " + key
                        + " (a key added with confirmation that was declined, or removed meanwhile)");
            }
            if (type != SIGN_RESPONSE) {
                throw new IOException("ssh-agent at " + socket + " answered " + type + " to a sign request");
            }
            return answer.readBytes();
        } catch (Buffer.BufferException e) {
            throw new IOException("ssh-agent at " + socket + " sent a malformed signature", e);
        }
    }

    private Buffer.PlainBuffer request(byte type, Buffer.PlainBuffer body) throws IOException {
        byte[] payload = body.getCompactData();
        ByteBuffer out = ByteBuffer.allocate(5 + payload.length);
        out.putInt(1 + payload.length).put(type).put(payload).flip();
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            while (out.hasRemaining()) {
                ch.write(out);
            }
            ByteBuffer len = readFully(ch, 4);
            int n = len.getInt();
            if (n < 1 || n > MAX_MESSAGE) {
                throw new IOException("ssh-agent at " + socket + " sent a message of " + n + " bytes");
            }
            return new Buffer.PlainBuffer(readFully(ch, n).array());
        }
    }

    private static ByteBuffer readFully(SocketChannel ch, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new IOException("ssh-agent closed the connection mid-answer");
            }
        }
        return b.flip();
    }
}
