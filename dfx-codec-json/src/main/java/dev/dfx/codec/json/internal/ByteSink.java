package dev.dfx.codec.json.internal;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A growable in-memory output that exposes its array, so the finished body is wrapped as a {@link ByteBuffer}
 * without a copy. Not thread-safe: one per encode call. {@link #close()} does nothing.
 */
public final class ByteSink extends OutputStream {
    private byte[] buf;
    private int count;

    /**
     * @param headroom zero bytes to leave at the start
     * @param expectedSize the expected final size in bytes, headroom included; the array grows past it if needed
     */
    public ByteSink(int headroom, int expectedSize) {
        if (headroom < 0) {
            throw new IllegalArgumentException("headroom must be 0 or more, got " + headroom);
        }
        buf = new byte[Math.max(expectedSize, headroom + 16)];
        count = headroom;
    }

    @Override
    public void write(int b) {
        ensureCapacity(1);
        buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensureCapacity(len);
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    /**
     * Writes a string known to be ASCII, one byte per char.
     *
     * @param ascii the text; every char must be below 0x80
     */
    public void writeAscii(CharSequence ascii) {
        int n = ascii.length();
        ensureCapacity(n);
        for (int i = 0; i < n; i++) {
            buf[count++] = (byte) ascii.charAt(i);
        }
    }

    /**
     * Makes room for {@code more} bytes past the current end.
     *
     * @param more bytes about to be written
     */
    public void ensureCapacity(int more) {
        long needed = (long) count + more;
        if (needed > buf.length) {
            if (needed > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("body too large: " + needed + " bytes");
            }
            long grown = Math.max(needed, (long) buf.length * 2);
            buf = Arrays.copyOf(buf, (int) Math.min(grown, Integer.MAX_VALUE - 8));
        }
    }

    /** @return the array written into (valid up to {@link #size()}); only for direct writes after ensureCapacity */
    public byte[] array() {
        return buf;
    }

    /** @return the bytes written so far, headroom included */
    public int size() {
        return count;
    }

    /**
     * Moves the end after bytes written straight into {@link #array()}.
     *
     * @param n bytes written at {@link #size()}
     */
    public void advance(int n) {
        if (n < 0 || (long) count + n > buf.length) {
            throw new IllegalArgumentException("cannot advance by " + n);
        }
        count += n;
    }

    /** @return a buffer over the written bytes: position 0, limit {@link #size()}; no copy */
    public ByteBuffer toByteBuffer() {
        return ByteBuffer.wrap(buf, 0, count);
    }

    @Override
    public void flush() {
        // nothing buffered here
    }

    @Override
    public void close() {
        // nothing to release
    }
}
