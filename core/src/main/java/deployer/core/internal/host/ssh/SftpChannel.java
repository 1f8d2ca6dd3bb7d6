package deployer.core.internal.host.ssh;

import deployer.core.spi.FailureReason;
import deployer.core.spi.HostException;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.sftp.FileAttributes;
import net.schmizz.sshj.sftp.FileMode;
import net.schmizz.sshj.sftp.RenameFlags;
import net.schmizz.sshj.sftp.Response;
import net.schmizz.sshj.sftp.SFTPClient;
import net.schmizz.sshj.sftp.SFTPException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/**
 * File transfers to one host over a single SFTP channel, opened on first use and kept for the run (the session
 * {@link SshHost} holds back for it). Transfers to one host take turns on it; different hosts transfer in
 * parallel. Files arrive under a temporary name and are renamed into place, so nobody sees half a file.
 */
final class SftpChannel {

    /** How long a connection may take to show it dropped after the SFTP client failed oddly. */
    private static final java.time.Duration DROP_NOTICED = java.time.Duration.ofSeconds(2);


    /** Status codes that are an answer from the server about the file, not a broken connection. */
    private static final Set<Response.StatusCode> CONNECTION_CODES =
            EnumSet.of(Response.StatusCode.UNKNOWN, Response.StatusCode.NO_CONNECTION, Response.StatusCode.CONNECITON_LOST);

    @FunctionalInterface
    private interface Transfer<T> {
        T run(SFTPClient sftp) throws IOException;
    }

    private final SshHost host;
    private SFTPClient sftp;
    private SSHClient openedOn;

    SftpChannel(SshHost host) {
        this.host = host;
    }

    void put(Path localFile, String remotePath) throws HostException, InterruptedException {
        with("uploading " + localFile + " to " + remotePath, sftp -> {
            String target = remotePath;
            FileAttributes existing = sftp.statExistence(remotePath);
            if (existing != null && existing.getType() == FileMode.Type.DIRECTORY) {
                target = (remotePath.endsWith("/") ? remotePath : remotePath + "/") + localFile.getFileName();
            }
            int slash = target.lastIndexOf('/');
            String temp = target.substring(0, slash + 1) + "." + target.substring(slash + 1) + ".part-" + UUID.randomUUID();
            try {
                sftp.put(localFile.toString(), temp);
                rename(sftp, temp, target);
            } catch (IOException e) {
                removeQuietly(sftp, temp);
                throw e;
            }
            return null;
        });
    }

    void get(String remotePath, Path localFile) throws HostException, InterruptedException {
        with("downloading " + remotePath + " to " + localFile, sftp -> {
            Path target = Files.isDirectory(localFile)
                    ? localFile.resolve(remotePath.substring(remotePath.lastIndexOf('/') + 1)) : localFile;
            Path temp = target.resolveSibling("." + target.getFileName() + ".part");
            sftp.get(remotePath, temp.toString());
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return null;
        });
    }

    boolean exists(String remotePath) throws HostException, InterruptedException {
        return with("checking whether " + remotePath + " exists", sftp -> sftp.statExistence(remotePath) != null);
    }

    private synchronized <T> T with(String doing, Transfer<T> transfer) throws HostException, InterruptedException {
        SSHClient client = host.client();
        try {
            if (sftp == null || openedOn != client) {
                // A reconnected host needs a new channel; the old one died with its connection.
                sftp = client.newSFTPClient();
                openedOn = client;
            }
            return transfer.run(sftp);
        } catch (SFTPException e) {
            if (e.getStatusCode() != null && !CONNECTION_CODES.contains(e.getStatusCode())) {
                throw new HostException(FailureReason.COMMAND_ERROR, host.name(), host.target().describe() + ": "
                        + doing + " failed: " + e.getStatusCode() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
            }
            sftp = null;
            throw host.failure(e, doing);
        } catch (IOException e) {
            if (SshHost.fromConnection(e)) {
                sftp = null;
                throw host.failure(e, doing);
            }
            throw new HostException(FailureReason.COMMAND_ERROR, host.name(), host.target().describe() + ": "
                    + doing + " failed locally: " + e, e);
        } catch (RuntimeException e) {
            // sshj's SFTP client can fail with a bare runtime exception when the connection drops mid-transfer
            // (seen: ArrayIndexOutOfBoundsException "Index -5 out of bounds for length 65536", found by
            // SshFaultsResumeTest). With the connection gone that is a lost connection (UNREACHABLE, to resume),
            // not a bug of the upload. The exception may come before the transport has noticed the drop, so it gets
            // a moment to. Either way the channel's stream is out of step: it is not used again.
            sftp = null;
            if (connectionLost(client)) {
                throw host.failure(new java.net.SocketException("connection lost (" + e + ")"), doing);
            }
            throw new HostException(FailureReason.COMMAND_ERROR, host.name(), host.target().describe() + ": "
                    + doing + " failed in the SFTP client: " + e, e);
        }
    }

    /** Whether the connection is down now or goes down within {@link #DROP_NOTICED}. */
    private static boolean connectionLost(SSHClient client) throws InterruptedException {
        long deadline = System.nanoTime() + DROP_NOTICED.toNanos();
        while (client.isConnected() && client.getTransport().isRunning()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** Replaces the target atomically where the server can (OpenSSH's posix-rename), else removes it first. */
    private static void rename(SFTPClient sftp, String from, String to) throws IOException {
        try {
            sftp.rename(from, to, EnumSet.of(RenameFlags.OVERWRITE));
        } catch (SFTPException e) {
            if (e.getStatusCode() != null && e.getStatusCode() != Response.StatusCode.UNKNOWN) {
                throw e;
            }
            // Thrown before asking the server: it offers no overwriting rename (SFTP v3 without extensions).
            if (sftp.statExistence(to) != null) {
                sftp.rm(to);
            }
            sftp.rename(from, to);
        }
    }

    private static void removeQuietly(SFTPClient sftp, String path) {
        try {
            sftp.rm(path);
        } catch (IOException | RuntimeException ignored) {
            // Nothing was written, or the connection is gone: the temporary file is not ours to worry about.
        }
    }
}
