package org.tapedeck.app.feed;

import java.util.List;

import org.tapedeck.engine.events.OpEvent;
import org.tapedeck.engine.events.Phase;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Tensor;

/**
 * How an op of the training step's tape connects to the others, by {@link Tensor#id() tensor ids}:
 * what the tape view draws, without holding a single tensor (the engine thread keeps the tensors
 * it can afford in {@link RecentOps}).
 *
 * @param inputs the id of each input, 0 for a missing one
 * @param inputDtypes each input's dtype, null for a missing one
 * @param output the output's id, 0 when the op failed
 */
public record OpWiring(long[] inputs, DType[] inputDtypes, long output) {

    /**
     * The wiring of an op a tape recorded or of a backward op (the ones the tape view draws),
     * else null. Engine thread, once the op ran.
     */
    public static OpWiring of(OpEvent e) {
        if (e.tapeNode() == null && e.phase() != Phase.BACKWARD) return null;
        List<Tensor> in = e.inputs();
        long[] ids = new long[in.size()];
        DType[] dtypes = new DType[in.size()];
        for (int i = 0; i < ids.length; i++) {
            Tensor t = in.get(i);
            if (t == null) continue;
            ids[i] = t.id();
            dtypes[i] = t.dtype();
        }
        return new OpWiring(ids, dtypes, e.output() == null ? 0 : e.output().id());
    }
}
