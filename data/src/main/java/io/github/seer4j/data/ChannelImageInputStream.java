package io.github.seer4j.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import javax.imageio.stream.ImageInputStreamImpl;

/**
 * An ImageIO input stream over a file channel: reads what the decoder asks for and caches nothing, so a decoder holds
 * no copy of the file; opened from a {@link java.nio.file.Path}, so names that are not valid UTF-8 still open (a
 * {@link java.io.File} would be built from the lossy string form).
 */
final class ChannelImageInputStream extends ImageInputStreamImpl {

    private static final int BUFFER = 64 * 1024;
    private final SeekableByteChannel channel;
    private final byte[] buf = new byte[BUFFER];
    private long bufStart;
    private int bufLen;

    ChannelImageInputStream(SeekableByteChannel channel) {
        this.channel = channel;
    }

    /** Makes the buffer hold the bytes at {@code streamPos}; false at the end of the file. */
    private boolean fill() throws IOException {
        if (streamPos >= bufStart && streamPos < bufStart + bufLen) {
            return true;
        }
        channel.position(streamPos);
        ByteBuffer bb = ByteBuffer.wrap(buf);
        int n = 0;
        while (bb.hasRemaining()) {
            int r = channel.read(bb);
            if (r < 0) {
                break;
            }
            n += r;
        }
        bufStart = streamPos;
        bufLen = n;
        return n > 0;
    }

    @Override
    public int read() throws IOException {
        checkClosed();
        bitOffset = 0;
        if (!fill()) {
            return -1;
        }
        int v = buf[(int) (streamPos - bufStart)] & 0xff;
        streamPos++;
        return v;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        checkClosed();
        bitOffset = 0;
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int at = (int) (streamPos - bufStart);
        int n = Math.min(len, bufLen - at);
        System.arraycopy(buf, at, b, off, n);
        streamPos += n;
        return n;
    }

    @Override
    public long length() {
        try {
            return channel.size();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void close() throws IOException {
        super.close();
        channel.close();
    }
}
