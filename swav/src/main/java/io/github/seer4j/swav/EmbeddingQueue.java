package io.github.seer4j.swav;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * SwAV's queue of past embeddings, one per assignment crop: newest first, oldest dropped; once full, its scores are
 * prepended to the batch's scores before Sinkhorn so that small batches still see many samples.
 */
public final class EmbeddingQueue {

    private final INDArray queue; // [assignCrops, length, dim]
    private final long[] filled;

    public EmbeddingQueue(int assignCrops, int length, int dim, DataType type) {
        if (assignCrops < 1 || length < 1 || dim < 1) {
            throw new IllegalArgumentException("queue sizes must be >= 1, got crops=" + assignCrops + ", length="
                    + length + ", dim=" + dim);
        }
        queue = Nd4j.zeros(type, assignCrops, length, dim);
        filled = new long[assignCrops];
    }

    /** Restores a queue from checkpointed contents [crops, length, dim] and fill counts. */
    public EmbeddingQueue(INDArray contents, long[] filled) {
        if (contents.rank() != 3 || filled.length != contents.size(0)) {
            throw new IllegalArgumentException("queue state must be [crops, length, dim] with one fill count per crop");
        }
        this.queue = contents.dup();
        this.filled = filled.clone();
    }

    public int length() {
        return (int) queue.size(1);
    }

    /** Whether queue {@code i} holds {@link #length()} embeddings. */
    public boolean isFull(int i) {
        return filled[i] >= length();
    }

    /** Stored embeddings of queue {@code i}, [length, dim] (a view). */
    public INDArray contents(int i) {
        return queue.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all());
    }

    /** Pushes [B, dim] embeddings at the front of queue {@code i}, shifting the rest back by B. */
    public void push(int i, INDArray embeddings) {
        long b = embeddings.size(0);
        long len = length();
        if (b > len) {
            throw new IllegalArgumentException("cannot push " + b + " embeddings into a queue of length " + len);
        }
        INDArray q = contents(i);
        if (b < len) {
            INDArray older = q.get(NDArrayIndex.interval(0, len - b), NDArrayIndex.all()).dup();
            q.get(NDArrayIndex.interval(b, len), NDArrayIndex.all()).assign(older);
        }
        q.get(NDArrayIndex.interval(0, b), NDArrayIndex.all()).assign(embeddings);
        filled[i] = Math.min(len, filled[i] + b);
    }

    /** The whole queue [crops, length, dim] (for checkpoints). */
    public INDArray state() {
        return queue;
    }

    public long[] filled() {
        return filled.clone();
    }
}
