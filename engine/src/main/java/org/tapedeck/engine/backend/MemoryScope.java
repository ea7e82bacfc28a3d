package org.tapedeck.engine.backend;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.tapedeck.engine.errors.FailedPreconditionException;
import org.tapedeck.engine.tensor.Tensor;

/**
 * An explicit lifetime for device memory, like DJL's {@code NDManager}: every device buffer made
 * on this thread while the scope is the innermost open one is freed when it closes, unless it was
 * kept. Device memory is freed deterministically, step after step, instead of whenever the garbage
 * collector happens to run (it never feels the pressure of GPU memory).
 *
 * <pre>{@code
 * for (int step = 0; step < steps; step++) {
 *     try (MemoryScope s = MemoryScope.open()) {
 *         try (GradientTape tape = new GradientTape()) {
 *             Tensor loss = model.loss(x, y);
 *             optimizer.applyGradients(tape.gradient(loss, model.variables()));  // new values: kept
 *         }
 *         lastLoss = MemoryScope.keep(loss);   // or read it: loss.floatValue()
 *     }   // every other tensor of the step is freed here
 * }
 * }</pre>
 *
 * What survives a scope: tensors passed to {@link #keep}, and a {@code Variable}'s value (its
 * constructor and {@code assign} {@link #retain} it; the value it replaces is released into the
 * scope open at that moment, which frees it when it closes). A freed tensor cannot be read: the
 * error names the scope that freed it. Scopes nest; closing one closes the scopes opened inside it
 * that are still open. Host (CPU) tensors ignore scopes: the garbage collector handles them.
 */
public final class MemoryScope implements AutoCloseable {
    private static final ThreadLocal<ArrayDeque<MemoryScope>> OPEN = ThreadLocal.withInitial(ArrayDeque::new);
    private static final AtomicLong IDS = new AtomicLong();
    private static final StackWalker WALKER = StackWalker.getInstance();

    private final long id;
    private final String openedAt;
    private final Thread thread;
    private final List<DeviceBuffer<?>> owned = new ArrayList<>();
    private boolean closed;

    private MemoryScope() {
        this.id = IDS.incrementAndGet();
        this.openedAt = callerOutsideThisClass();
        this.thread = Thread.currentThread();
    }

    /** Opens a scope on this thread; it owns the device buffers made until it (or an outer scope) closes. */
    public static MemoryScope open() {
        MemoryScope s = new MemoryScope();
        OPEN.get().push(s);
        return s;
    }

    /** The innermost open scope of this thread, or null. */
    public static MemoryScope current() { return OPEN.get().peek(); }

    /**
     * Lets {@code tensor} outlive every scope: its device memory is no longer freed by a scope (only
     * by the garbage collector's safety net once the tensor is unreachable). Host tensors need
     * nothing and pass through. Returns {@code tensor}.
     */
    public static Tensor keep(Tensor tensor) {
        if (tensor.buffer() instanceof DeviceBuffer<?> b) b.keep();
        return tensor;
    }

    /**
     * For owners of long-lived tensors (a {@code Variable} holding its value): takes {@code tensor}
     * out of its scope until a matching {@link #release}. Host tensors pass through.
     */
    public static void retain(Tensor tensor) {
        if (tensor.buffer() instanceof DeviceBuffer<?> b) b.retain();
    }

    /**
     * Undoes one {@link #retain}. When nothing retains or keeps the tensor any more and it was made
     * inside a scope, the innermost open scope takes it over and frees it when it closes (a
     * variable's old value dies with the step that replaced it); with no open scope it is left to
     * the garbage collector.
     */
    public static void release(Tensor tensor) {
        if (tensor.buffer() instanceof DeviceBuffer<?> b && b.unretain()) {
            MemoryScope s = current();
            if (s != null) s.own(b);
        }
    }

    /** Called by every new device buffer. */
    static void adopt(DeviceBuffer<?> buffer) {
        MemoryScope s = current();
        if (s != null) s.own(buffer);
    }

    private void own(DeviceBuffer<?> buffer) {
        buffer.setOwner(this);
        owned.add(buffer);
    }

    /** Number of live device buffers this scope would free if it closed now. */
    public int liveBuffers() {
        int n = 0;
        for (DeviceBuffer<?> b : owned) if (b.owner() == this && !b.isFreed()) n++;
        return n;
    }

    public boolean isClosed() { return closed; }

    /** Frees every device buffer this scope owns; inner scopes still open are closed first. */
    @Override
    public void close() {
        if (closed) return;
        ArrayDeque<MemoryScope> stack = OPEN.get();
        if (Thread.currentThread() != thread || !stack.contains(this)) {
            throw new FailedPreconditionException(this + " was opened on thread '" + thread.getName()
                    + "' and must be closed there, not on '" + Thread.currentThread().getName() + "'");
        }
        while (stack.peek() != this) stack.peek().close();
        stack.pop();
        closed = true;
        String because = "its memory was freed when " + this + " closed";
        for (DeviceBuffer<?> b : owned) b.freeIfOwnedBy(this, because);
        owned.clear();
    }

    /** {@code MemoryScope #12 (opened at Trainer.java:40)}. */
    @Override
    public String toString() { return "MemoryScope #" + id + (openedAt == null ? "" : " (opened at " + openedAt + ")"); }

    private static String callerOutsideThisClass() {
        return WALKER.walk(frames -> frames
                .filter(f -> !f.getClassName().equals(MemoryScope.class.getName()))
                .findFirst()
                .map(f -> f.getFileName() + ":" + f.getLineNumber())
                .orElse(null));
    }
}
