package deployer.core.internal.host.ssh;

import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.method.AuthPublickey;

import java.io.IOException;
import java.security.PrivateKey;
import java.security.PublicKey;

/**
 * Public key authentication with a key held by ssh-agent: sshj's publickey method, with the key blob and the
 * signature coming from the agent instead of a private key in memory.
 */
final class AgentAuth extends AuthPublickey {

    private final SshAgent agent;
    private final SshAgent.Identity key;

    AgentAuth(SshAgent agent, SshAgent.Identity key) {
        super(new NoPrivateKey(key));
        this.agent = agent;
        this.key = key;
    }

    /** RSA keys are offered for SHA-256 signatures (ssh-rsa means SHA-1, which OpenSSH 8.8+ refuses). */
    private String algorithm() {
        String type = key.keyType();
        return switch (type) {
            case "ssh-rsa" -> "rsa-sha2-256";
            case "ssh-rsa-cert-v01@openssh.com" -> "rsa-sha2-256-cert-v01@openssh.com";
            default -> type;
        };
    }

    @Override
    protected SSHPacket putPubKey(SSHPacket reqBuf) {
        reqBuf.putString(algorithm()).putString(key.blob());
        return reqBuf;
    }

    @Override
    protected SSHPacket putSig(SSHPacket reqBuf) throws UserAuthException {
        byte[] data = new Buffer.PlainBuffer()
                .putString(params.getTransport().getSessionID())
                .putBuffer(reqBuf)
                .getCompactData();
        int flags = algorithm().startsWith("rsa-sha2-256") ? SshAgent.RSA_SHA2_256 : 0;
        try {
            reqBuf.putString(agent.sign(key, data, flags));
        } catch (IOException e) {
            throw new UserAuthException(e.getMessage(), e);
        }
        return reqBuf;
    }

    @Override
    public boolean shouldRetry() {
        return false;
    }

    /** What sshj logs for this method; the agent has the private key, we never do. */
    private record NoPrivateKey(SshAgent.Identity key) implements KeyProvider {
        @Override
        public PrivateKey getPrivate() throws IOException {
            throw new IOException("the private key of " + key + " stays in the agent");
        }

        @Override
        public PublicKey getPublic() throws IOException {
            try {
                return new Buffer.PlainBuffer(key.blob()).readPublicKey();
            } catch (Buffer.BufferException e) {
                throw new IOException(e);
            }
        }

        @Override
        public net.schmizz.sshj.common.KeyType getType() throws IOException {
            return net.schmizz.sshj.common.KeyType.fromKey(getPublic());
        }

        @Override
        public String toString() {
            return key.toString();
        }
    }
}
