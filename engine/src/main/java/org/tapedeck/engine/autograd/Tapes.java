package org.tapedeck.engine.autograd;

import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.tapedeck.engine.ops.Attrs;
import org.tapedeck.engine.ops.GradFn;
import org.tapedeck.engine.ops.NameScope;
import org.tapedeck.engine.tensor.Tensor;
import org.tapedeck.engine.tensor.Variable;

/**
 * The tapes recording on each thread, innermost last. The engine asks {@link #recording()} and
 * {@link #inBackward()} on every op; while no tape and no gradient exists anywhere each is a single
 * volatile read.
 */
public final class Tapes {
    private static final AtomicInteger OPEN = new AtomicInteger();
    /** Gradients running on any thread (a tape's gradient usually runs after its block closed). */
    private static final AtomicInteger BACKWARD = new AtomicInteger();
    private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

    private static final class State {
        final ArrayList<GradientTape> stack = new ArrayList<>();
        int backwardDepth;
    }

    private Tapes() {}

    /** True when a tape is open on this thread (it may still record nothing). */
    public static boolean recording() {
        return OPEN.get() > 0 && !STATE.get().stack.isEmpty();
    }

    /** True while {@link GradientTape#gradient} runs on this thread, whether or not a tape is still open. */
    public static boolean inBackward() {
        return BACKWARD.get() > 0 && STATE.get().backwardDepth > 0;
    }

    static void push(GradientTape tape) {
        STATE.get().stack.add(tape);
        OPEN.incrementAndGet();
    }

    static void pop(GradientTape tape) {
        if (STATE.get().stack.remove(tape)) OPEN.decrementAndGet();
    }

    static void enterBackward() {
        STATE.get().backwardDepth++;
        BACKWARD.incrementAndGet();
    }

    static void exitBackward() {
        BACKWARD.decrementAndGet();
        STATE.get().backwardDepth--;
    }

    /**
     * Adds the op to every recording tape that tracks one of its inputs, and returns the node (null
     * if no tape took it). Only floating outputs are recorded: nothing flows back through integers.
     */
    public static TapeNode record(long sequence, String opName, Attrs attrs, Tensor[] inputs, Tensor output, GradFn grad) {
        if (!output.dtype().isFloating()) return null;
        TapeNode node = null;
        ArrayList<GradientTape> stack = STATE.get().stack;
        for (int t = 0; t < stack.size(); t++) {
            GradientTape tape = stack.get(t);
            if (tape.tracksAny(inputs)) {
                if (node == null) node = new TapeNode(sequence, opName, attrs, inputs, output, grad, NameScope.current());
                tape.add(node);
            }
        }
        return node;
    }

    /** A variable was read on this thread: tapes that watch accessed variables start tracking it. */
    public static void variableRead(Variable variable, Tensor value) {
        if (OPEN.get() == 0) return;
        ArrayList<GradientTape> stack = STATE.get().stack;
        for (int t = 0; t < stack.size(); t++) stack.get(t).variableRead(variable, value);
    }
}
