package org.tapedeck.engine.backend;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

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
 * that are still open. Host (CPU) tensors made by ops live by the same rules, so a training step
 * on the CPU reuses the arrays of the step before instead of allocating new ones ({@link HostArrays});
 * tensors over arrays the caller supplied ({@code TF.constant(float[])}) are never freed by a scope.
 */
public final class MemoryScope implements AutoCloseable {
    private static final ThreadLocal<ArrayDeque<MemoryScope>> OPEN = ThreadLocal.withInitial(ArrayDeque::new);
    private static final AtomicLong IDS = new AtomicLong();
    private static final StackWalker WALKER = StackWalker.getInstance();
    /** Host memory one scope recycles at most (256 MiB); see {@link #adoptHost}. */
    static final long MAX_HOST_BYTES = 256L << 20;

    private final long id;
    private final String openedAt;
    private final Thread thread;
    private final List<Buffer> owned = new ArrayList<>();
    private long hostBytes;
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
     * Lets {@code tensor} outlive every scope: its memory is no longer freed by a scope, only by the
     * garbage collector once the tensor is unreachable. Returns {@code tensor}.
     */
    public static Tensor keep(Tensor tensor) {
        tensor.buffer().keep();
        return tensor;
    }

    /**
     * For owners of long-lived tensors (a {@code Variable} holding its value): takes {@code tensor}
     * out of its scope until a matching {@link #release}.
     */
    public static void retain(Tensor tensor) {
        tensor.buffer().retain();
    }

    /**
     * Hands {@code tensor}, made outside any scope (a dataset's element, say), to the innermost open
     * scope, which frees it when it closes, as DJL's {@code attach}. A tensor that is kept, held or
     * already owned by a scope is left as it is. Returns {@code tensor}.
     */
    public static Tensor attach(Tensor tensor) {
        MemoryScope s = current();
        Buffer b = tensor.buffer();
        if (s != null && b.attachable()) s.own(b);
        return tensor;
    }

    /**
     * Undoes one {@link #retain}. When nothing retains or keeps the tensor any more and it was made
     * inside a scope, the innermost open scope takes it over and frees it when it closes (a
     * variable's old value dies with the step that replaced it); with no open scope it is left to
     * the garbage collector.
     */
    public static void release(Tensor tensor) {
        Buffer b = tensor.buffer();
        if (b.unretain()) {
            MemoryScope s = current();
            if (s != null) s.own(b);
        }
    }

    /** Called by every new device buffer. */
    static void adopt(DeviceBuffer<?> buffer) {
        MemoryScope s = current();
        if (s != null) s.own(buffer);
    }

    /**
     * Called for every host buffer whose array came from the host pool while this scope was the
     * innermost. A scope takes host buffers up to {@link #MAX_HOST_BYTES}; past that, the garbage
     * collector handles them as if no scope were open (a scope around a whole program must not hold
     * all its host memory until the end).
     */
    void adoptHost(HostBuffer buffer) {
        if (hostBytes + buffer.byteSize() <= MAX_HOST_BYTES) {
            hostBytes += buffer.byteSize();
            own(buffer);
        }
    }

    /**
     * Runs {@code body} as if no scope were open on this thread: what it makes lives until the
     * garbage collector finds it unreachable. For producers whose results outlive the step that asks
     * for them, like a dataset's shuffle buffer.
     */
    public static <T> T unscoped(Supplier<T> body) {
        ArrayDeque<MemoryScope> stack = OPEN.get();
        if (stack.isEmpty()) return body.get();
        OPEN.set(new ArrayDeque<>());
        try {
            return body.get();
        } finally {
            OPEN.set(stack);
        }
    }

    private void own(Buffer buffer) {
        buffer.setOwner(this);
        owned.add(buffer);
    }

    /** Number of live device buffers this scope would free if it closed now. */
    public int liveBuffers() {
        int n = 0;
        for (Buffer b : owned) if (b.owner() == this && !b.isFreed()) n++;
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
        for (Buffer b : owned) b.freeIfOwnedBy(this, because);
        owned.clear();
        hostBytes = 0;
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
