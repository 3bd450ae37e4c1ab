package io.github.seer4j.blocks;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Off-heap FLOAT memory for a kernel's own tensors that never leave it as arrays (batch statistics, ReLU masks,
 * staged gamma and beta): a block of the calling thread's current ND4J workspace, released with the workspace like
 * the step's arrays, with one small object around it (an INDArray costs about 2.5 KB of heap bookkeeping, and a
 * step makes hundreds); outside any workspace an array, which the block keeps reachable.
 *
 * @param address the first value's address
 * @param floats  how many values
 * @param owner   the array holding the values when no workspace was open, else null
 */
record KernelMemory(long address, long floats, INDArray owner) {

    /** Room for n FLOAT values (uninitialised). */
    static KernelMemory floats(long n) {
        MemoryWorkspace ws = Nd4j.getMemoryManager().getCurrentWorkspace();
        if (ws != null) {
            return new KernelMemory(ws.alloc(Math.max(n, 1) * Float.BYTES, DataType.FLOAT, false).address(), n, null);
        }
        INDArray a = Nd4j.createUninitialized(DataType.FLOAT, Math.max(n, 1));
        return new KernelMemory(HostArrays.address(a.data()), n, a);
    }

    /** The address of value {@code offset}, checking that {@code values} values from there lie in the block. */
    long address(long offset, long values) {
        if (offset < 0 || values < 0 || offset + values > floats) {
            throw new IndexOutOfBoundsException("values [" + offset + ", " + (offset + values) + ") of a block of "
                    + floats);
        }
        return address + offset * Float.BYTES;
    }

    /** A pointer to value {@code offset}, checking that {@code values} values from there lie in the block. */
    FloatPointer pointer(long offset, long values) {
        return HostArrays.at(address(offset, values), floats - offset);
    }

    /** A pointer to value {@code offset}. */
    FloatPointer pointer(long offset) {
        return pointer(offset, 0);
    }

    FloatPointer pointer() {
        return pointer(0);
    }

    /** The first n values into into[0 ...] (no object made), returned. */
    float[] read(float[] into, int n) {
        HostArrays.passing(address(0, n)).get(into, 0, n);
        return into;
    }

    /** from[0 ... n) into the first n values (no object made). */
    void write(float[] from, int n) {
        HostArrays.passing(address(0, n)).put(from, 0, n);
    }

    /** n values from the dense FLOAT tensor x (from its first) into this block's values from {@code offset}. */
    void copyFrom(INDArray x, long offset, int n) {
        if (n > x.length()) {
            throw new IndexOutOfBoundsException(n + " values of a tensor of " + x.length());
        }
        org.bytedeco.javacpp.Pointer.memcpy(HostArrays.passing(address(offset, n)),
                HostArrays.passingSecond(HostArrays.address(x, 0)), (long) n * Float.BYTES);
    }
}
