package io.github.seer4j.swav;

import io.github.seer4j.blocks.Collective;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One SwAV objective evaluation: codes of the assignment crops by Sinkhorn (optionally over queue + batch, no
 * gradient), queue update, then the swapped-prediction loss and its gradient w.r.t. the prototype scores.
 */
public final class SwavObjective {

    /** Loss, d loss / d scores [V*B, K], and the codes [B, K] of each assignment crop. */
    public record Result(double loss, INDArray scoreGradient, List<INDArray> codes) {}

    private final Sinkhorn sinkhorn;
    private final SwappedPredictionLoss loss;

    public SwavObjective(Sinkhorn sinkhorn, SwappedPredictionLoss loss) {
        this.sinkhorn = sinkhorn;
        this.loss = loss;
    }

    public Sinkhorn sinkhorn() {
        return sinkhorn;
    }

    public SwappedPredictionLoss loss() {
        return loss;
    }

    /**
     * @param embeddings unit embeddings [V*B, D], crop-major (only read when a queue is given)
     * @param scores     prototype scores [V*B, K] of those embeddings
     * @param queue      queue of past embeddings, or null for none
     */
    public Result evaluate(INDArray embeddings, INDArray scores, Prototypes prototypes, EmbeddingQueue queue) {
        return evaluate(embeddings, scores, prototypes, queue, Collective.single());
    }

    /**
     * Like {@link #evaluate(INDArray, INDArray, Prototypes, EmbeddingQueue)} for this process's part of a batch spread
     * over a group: Sinkhorn runs over every process's rows (and queues); the queue and the loss stay this process's
     * (its loss is the mean over its own samples, so the group's mean of the gradients is the whole batch's gradient).
     */
    public Result evaluate(INDArray embeddings, INDArray scores, Prototypes prototypes, EmbeddingQueue queue,
            Collective group) {
        long b = scores.size(0) / loss.crops();
        int[] assign = loss.cropsForAssign();
        List<INDArray> codes = new ArrayList<>(assign.length);
        for (int i = 0; i < assign.length; i++) {
            int crop = assign[i];
            INDArray out = scores.get(NDArrayIndex.interval(crop * b, (crop + 1) * b), NDArrayIndex.all());
            if (queue != null) {
                if (queue.isFull(i)) {
                    out = Nd4j.concat(0, prototypes.scores(queue.contents(i)), out);
                }
                queue.push(i, embeddings.get(NDArrayIndex.interval(crop * b, (crop + 1) * b), NDArrayIndex.all()));
            }
            INDArray q = sinkhorn.codes(out, group);
            long rows = q.size(0);
            codes.add(q.get(NDArrayIndex.interval(rows - b, rows), NDArrayIndex.all()).dup());
        }
        SwappedPredictionLoss.Result r = loss.compute(scores, codes);
        return new Result(r.loss(), r.scoreGradient(), codes);
    }
}
