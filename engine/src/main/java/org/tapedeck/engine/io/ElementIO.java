package org.tapedeck.engine.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

import org.tapedeck.engine.backend.HostBuffer;
import org.tapedeck.engine.tensor.DType;

/**
 * Moves tensor elements between host buffers and byte channels in a given byte order, a chunk at a
 * time, so a large tensor never exists twice in memory.
 */
final class ElementIO {
    private static final int CHUNK = 1 << 20;   // a multiple of every element size

    private ElementIO() {}

    /** Reads {@code count} elements of {@code dtype}; a channel that ends early is an {@link EOFException}. */
    static HostBuffer read(ReadableByteChannel in, DType dtype, int count, ByteOrder order) throws IOException {
        HostBuffer out = HostBuffer.allocate(dtype, count);
        ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(CHUNK, (long) count * dtype.byteSize())).order(order);
        int done = 0;
        while (done < count) {
            int n = Math.min(count - done, chunk.capacity() / dtype.byteSize());
            chunk.clear().limit(n * dtype.byteSize());
            while (chunk.hasRemaining()) {
                if (in.read(chunk) < 0) {
                    throw new EOFException("the data ends after " + ((long) done * dtype.byteSize() + chunk.position())
                            + " of " + (long) count * dtype.byteSize() + " bytes");
                }
            }
            chunk.flip();
            get(chunk, out.array(), done, n);
            done += n;
        }
        return out;
    }

    /** Writes all elements of {@code src}. */
    static void write(HostBuffer src, WritableByteChannel out, ByteOrder order) throws IOException {
        int size = src.dtype().byteSize();
        ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(size, (long) src.size() * size))).order(order);
        int done = 0;
        while (done < src.size()) {
            int n = Math.min(src.size() - done, chunk.capacity() / size);
            chunk.clear();
            put(chunk, src.array(), done, n);
            chunk.position(n * size).flip();
            while (chunk.hasRemaining()) out.write(chunk);
            done += n;
        }
    }

    // NOTE: the typed views share the chunk's byte order; bulk get/put through them converts
    // n elements at once instead of one call per element.
    private static void get(ByteBuffer b, Object array, int off, int n) {
        if (array instanceof float[] a) b.asFloatBuffer().get(a, off, n);
        else if (array instanceof double[] a) b.asDoubleBuffer().get(a, off, n);
        else if (array instanceof int[] a) b.asIntBuffer().get(a, off, n);
        else if (array instanceof long[] a) b.asLongBuffer().get(a, off, n);
        else b.get((byte[]) array, off, n);
    }

    private static void put(ByteBuffer b, Object array, int off, int n) {
        if (array instanceof float[] a) b.asFloatBuffer().put(a, off, n);
        else if (array instanceof double[] a) b.asDoubleBuffer().put(a, off, n);
        else if (array instanceof int[] a) b.asIntBuffer().put(a, off, n);
        else if (array instanceof long[] a) b.asLongBuffer().put(a, off, n);
        else b.put((byte[]) array, off, n);
    }
}
