package org.tapedeck.engine.ops;

import java.util.concurrent.atomic.AtomicLong;

import org.tapedeck.engine.autograd.TapeNode;
import org.tapedeck.engine.autograd.Tapes;
import org.tapedeck.engine.backend.Backend;
import org.tapedeck.engine.errors.FailedPreconditionException;
import org.tapedeck.engine.events.ExecutionEvents;
import org.tapedeck.engine.events.ExecutionListener;
import org.tapedeck.engine.events.OpEvent;
import org.tapedeck.engine.events.Phase;
import org.tapedeck.engine.tensor.Tensor;

/**
 * The one door every op goes through. It places the op on a device, runs the kernel, records the
 * op on open tapes and reports it to listeners. With no listener and no tape it does nothing but
 * place and run, so tiny ops stay cheap.
 */
public final class Exec {
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final StackWalker WALKER = StackWalker.getInstance();

    private Exec() {}

    /** Runs {@code op} on {@code inputs}, which may be moved to the op's device first. */
    public static Tensor run(OpDef op, Attrs attrs, Tensor... inputs) {
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].isFreed()) throw freedInput(op, i, inputs[i]);
        }
        return runOn(Placement.place(inputs), op, attrs, inputs);
    }

    private static FailedPreconditionException freedInput(OpDef op, int i, Tensor t) {
        return t.buffer().freedError(op.name() + ": input " + i + " (a " + t.dtype() + " tensor of shape " + t.shape()
                + " on " + t.device() + ")");
    }

    /** Runs {@code op} on {@code backend} as is: the inputs must already live on its device. */
    static Tensor runOn(Backend backend, OpDef op, Attrs attrs, Tensor... inputs) {
        ExecutionListener[] listeners = ExecutionEvents.listeners();
        if (listeners.length == 0 && !Tapes.recording()) {
            return op.kernel().compute(backend, inputs, attrs);
        }
        return observed(op, attrs, inputs, backend, listeners);
    }

    /** The sequence number the next observed op will get. */
    public static long nextSequence() { return SEQUENCE.get() + 1; }

    private static Tensor observed(OpDef op, Attrs attrs, Tensor[] inputs, Backend backend, ExecutionListener[] listeners) {
        long seq = SEQUENCE.incrementAndGet();
        OpEvent event = null;
        if (listeners.length > 0) {
            Phase phase = Tapes.inBackward() ? Phase.BACKWARD : Phase.FORWARD;
            StackTraceElement source = wantsSource(listeners) ? callerOutsideEngine() : null;
            event = new OpEvent(seq, op.name(), attrs.asMap(), inputs.clone(), backend.device(), phase, source, NameScope.current());
            for (ExecutionListener l : listeners) l.beforeOp(event);
        }
        long start = System.nanoTime();
        Tensor out;
        try {
            out = op.kernel().compute(backend, inputs, attrs);
        } catch (RuntimeException | Error e) {
            if (event != null) {
                event.fail(e, System.nanoTime() - start);
                for (ExecutionListener l : listeners) l.afterOp(event);
            }
            throw e;
        }
        long nanos = System.nanoTime() - start;
        TapeNode node = op.gradient() != null && Tapes.recording()
                ? Tapes.record(seq, op.name(), attrs, inputs, out, op.gradient())
                : null;
        if (event != null) {
            event.complete(out, nanos, node);
            for (ExecutionListener l : listeners) l.afterOp(event);
        }
        return out;
    }

    private static boolean wantsSource(ExecutionListener[] listeners) {
        for (ExecutionListener l : listeners) if (l.wantsSourceLocation()) return true;
        return false;
    }

    /** The first frame whose class is not part of the engine: the line of user code that ran the op. */
    private static StackTraceElement callerOutsideEngine() {
        return WALKER.walk(frames -> frames
                .filter(f -> !f.getClassName().startsWith("org.tapedeck.engine."))
                .findFirst()
                .map(StackWalker.StackFrame::toStackTraceElement)
                .orElse(null));
    }
}
