package io.github.seer4j.blocks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Kernel blocks and arrays taken from one workspace one after another never overlap: each keeps the values written
 * into it after all were written; outside a workspace a block is an array it keeps; a pointer past the block fails.
 */
class KernelMemoryTest {

    @Test
    void blocksAndArraysInOneWorkspaceKeepTheirOwnValues() {
        WorkspaceConfiguration conf = WorkspaceConfiguration.builder().initialSize(1 << 16).build();
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().getAndActivateWorkspace(conf, "KernelMemoryTest")) {
            KernelMemory a = KernelMemory.floats(3);
            INDArray between = Nd4j.createUninitialized(DataType.FLOAT, 4);
            KernelMemory b = KernelMemory.floats(5);
            KernelMemory c = KernelMemory.floats(1);
            assertNull(a.owner());
            a.pointer().put(new float[] {1, 2, 3}, 0, 3);
            HostArrays.write(new float[] {10, 11, 12, 13}, between);
            b.pointer().put(new float[] {20, 21, 22, 23, 24}, 0, 5);
            c.pointer().put(new float[] {30}, 0, 1);
            assertArrayEquals(new float[] {1, 2, 3}, read(a, 3), 0f);
            assertArrayEquals(new float[] {10, 11, 12, 13}, HostArrays.read(between), 0f);
            assertArrayEquals(new float[] {20, 21, 22, 23, 24}, read(b, 5), 0f);
            assertArrayEquals(new float[] {30}, read(c, 1), 0f);
        }
    }

    @Test
    void outsideAWorkspaceABlockIsAnArrayItKeeps() {
        KernelMemory k = KernelMemory.floats(4);
        assertNotNull(k.owner());
        k.pointer(1, 3).put(new float[] {7, 8, 9}, 0, 3);
        assertArrayEquals(new float[] {7, 8, 9}, HostArrays.read(k.owner().get(
                org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 4))), 0f);
        assertThrows(IndexOutOfBoundsException.class, () -> k.pointer(2, 3));
    }

    private static float[] read(KernelMemory k, int n) {
        float[] out = new float[n];
        k.pointer().get(out, 0, n);
        return out;
    }
}
