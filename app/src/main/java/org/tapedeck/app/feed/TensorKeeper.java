package org.tapedeck.app.feed;

import java.util.List;

import org.tapedeck.engine.backend.MemoryScope;
import org.tapedeck.engine.tensor.Tensor;

/**
 * How the debugger keeps a tensor it holds for the UI from being freed with the training step's
 * {@link MemoryScope}: {@link #retain} when it starts holding one, {@link #release} exactly once
 * when it lets go. Call both on the engine thread. {@link #MEMORY_SCOPE} in the app; tests count.
 *
 * <pre>{@code
 * TensorKeeper.MEMORY_SCOPE.retain(t);    // t survives the step's scope
 * TensorKeeper.MEMORY_SCOPE.release(t);   // freed with the scope open now (if nothing else keeps it)
 * }</pre>
 */
public interface TensorKeeper {
    TensorKeeper MEMORY_SCOPE = new TensorKeeper() {
        @Override public void retain(Tensor t) { MemoryScope.retain(t); }

        @Override public void release(Tensor t) { MemoryScope.release(t); }
    };

    void retain(Tensor t);

    void release(Tensor t);

    /**
     * Retains {@code next}, then releases {@code held} (a tensor in both stays retained); returns
     * {@code next}, the set now held.
     */
    default List<Tensor> replace(List<Tensor> held, List<Tensor> next) {
        for (Tensor t : next) retain(t);
        for (Tensor t : held) release(t);
        return next;
    }
}
