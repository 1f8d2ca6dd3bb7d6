/*
 * Copyright (C)2009 - SSHJ Contributors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package net.schmizz.sshj.transport;

import org.slf4j.Logger;

import java.io.InputStream;
import java.net.SocketTimeoutException;

/**
 * sshj 0.40.0's transport reader thread ({@code net.schmizz.sshj.transport.Reader}), line for line, except for the
 * size of its receive buffer. sshj's allocates one of the largest packet it accepts (256 KiB) and keeps it for the
 * connection's life, although it reads at most {@code needed} bytes at a time and the {@link Decoder} copies them
 * into its own buffer: 256 KiB of the ~375 KB of byte[] per connection in a class histogram at 200 hosts, ~125 MiB of
 * heap at 500. Reading at most the buffer's length and passing on what came is what sshj already does whenever a
 * socket read returns fewer bytes than asked ({@link Decoder#received} counts down what is still needed).
 *
 * <p>Never used under this name: {@code deployer.core.internal.host.ssh.SshjReceiveBuffer} defines these bytes as
 * {@code net.schmizz.sshj.transport.Reader} before sshj loads its own (sshj's class is final and TransportImpl's
 * field is of that class, so no other class can take its place). In this package for sshj's package-private
 * {@code TransportImpl.getDecoder()}, {@code getConnInfo()} and {@code Decoder.received}.
 */
public final class LeanReader
        extends Thread {

    /**
     * A 32 KiB channel data packet (OpenSSH's largest) takes 2–3 reads instead of 1: a few system calls per 32 KiB,
     * beside the decryption of those bytes.
     */
    static final int RECEIVE_BUFFER = 16 * 1024;

    private final Logger log;
    private final TransportImpl trans;

    public LeanReader(TransportImpl trans) {
        this.trans = trans;
        log = trans.getConfig().getLoggerFactory().getLogger(getClass());
        setName("sshj-Reader");
        setDaemon(true);
    }

    @Override
    public void run() {
        try {

            final Decoder decoder = trans.getDecoder();
            final InputStream inp = trans.getConnInfo().in;

            final byte[] recvbuf = new byte[Math.min(RECEIVE_BUFFER, decoder.getMaxPacketLength())];

            int needed = 1;

            while (!isInterrupted()) {
                int read;
                try {
                    read = inp.read(recvbuf, 0, Math.min(needed, recvbuf.length));
                } catch (SocketTimeoutException e) {
                    if (isInterrupted()) {
                        throw e;
                    }
                    continue;
                }
                if (read == -1) {
                    throw new TransportException("Broken transport; encountered EOF");
                } else {
                    needed = decoder.received(recvbuf, read);
                }
            }
        } catch (Exception e) {
            // We are meant to shut up and draw to a close if interrupted
            if (!isInterrupted()) {
                trans.die(e);
            }
        }

        log.debug("Stopping");
    }

}
