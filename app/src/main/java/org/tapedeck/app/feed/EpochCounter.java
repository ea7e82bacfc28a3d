package org.tapedeck.app.feed;

import java.util.HashMap;
import java.util.Map;

import org.tapedeck.engine.events.EpochEvent;

/**
 * Which epoch the program is in, told by the datasets' "epoch began" events. Every pass over a
 * dataset announces itself, the evaluation's fresh test-set pass as well as the training set's;
 * counting passes per dataset and taking the largest count follows the training loop whether it
 * reuses one dataset (passes 1, 2, 3) or builds a new one each epoch (same description).
 */
public final class EpochCounter {
    private final Map<String, Integer> passes = new HashMap<>();
    private int epoch;

    /** Counts one pass; returns the epoch now (1 for the first). */
    public int began(EpochEvent e) {
        int n = passes.merge(e.dataset(), 1, Integer::sum);
        epoch = Math.max(epoch, n);
        return epoch;
    }

    /** The epoch now: 1-based, 0 before any dataset pass. */
    public int epoch() { return epoch; }

    public void reset() {
        passes.clear();
        epoch = 0;
    }
}
