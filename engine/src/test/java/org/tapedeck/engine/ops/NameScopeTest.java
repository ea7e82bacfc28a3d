package org.tapedeck.engine.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tapedeck.engine.TF;
import org.tapedeck.engine.autograd.GradientTape;
import org.tapedeck.engine.errors.InvalidArgumentException;
import org.tapedeck.engine.events.ExecutionEvents;
import org.tapedeck.engine.events.ExecutionListener;
import org.tapedeck.engine.events.OpEvent;
import org.tapedeck.engine.events.Phase;
import org.tapedeck.engine.nn.Dense;
import org.tapedeck.engine.nn.Layer;
import org.tapedeck.engine.nn.Sequential;
import org.tapedeck.engine.tensor.Tensor;
import org.tapedeck.engine.tensor.Variable;

/** Ops carry the name scope they ran in: the user's, and the one each Keras layer opens. */
class NameScopeTest {

    private static List<OpEvent> record(Runnable work) {
        List<OpEvent> events = new ArrayList<>();
        ExecutionListener l = new ExecutionListener() {
            @Override public void afterOp(OpEvent e) {
                if (Thread.currentThread().getName().equals(threadName)) events.add(e);
            }
            private final String threadName = Thread.currentThread().getName();
        };
        try (var reg = ExecutionEvents.addListener(l)) {
            work.run();
        }
        return events;
    }

    @Test
    void scopesNestIntoPathsAndCloseInOrder() {
        Tensor a = TF.ones(2);
        List<OpEvent> events = record(() -> {
            try (var outer = TF.nameScope("outer")) {
                TF.add(a, a);
                try (var inner = TF.nameScope("inner")) {
                    TF.multiply(a, a);
                }
                TF.subtract(a, a);
            }
            TF.negative(a);
        });
        assertEquals(List.of("outer", "outer/inner", "outer", ""), events.stream().map(OpEvent::scope).toList());
        assertTrue(events.get(1).toString().contains("outer/inner/Mul"), events.get(1).toString());
        assertThrows(InvalidArgumentException.class, () -> TF.nameScope("a/b"));
    }

    @Test
    void layersNameTheirOpsAndTheTapeNamesTheirGradients() {
        Layer.clearSession();
        Sequential model = new Sequential(new Dense(4).activation("relu").seed(1), new Dense(2).seed(2));
        Tensor x = TF.random.normal(3, 5);
        List<OpEvent> events = record(() -> {
            try (GradientTape tape = new GradientTape()) {
                Tensor loss = TF.reduceSum(model.call(x, true));
                tape.gradient(loss, model.trainableVariables());
            }
        });
        assertTrue(events.stream().anyMatch(e -> e.phase() == Phase.FORWARD && e.scope().equals("sequential/dense")
                && e.opName().equals("BatchMatMulV2")), "the first Dense's matmul runs in sequential/dense");
        assertTrue(events.stream().anyMatch(e -> e.phase() == Phase.FORWARD && e.scope().equals("sequential/dense_1")));
        assertTrue(events.stream().anyMatch(e -> e.phase() == Phase.BACKWARD && e.scope().equals("gradients/sequential/dense_1")),
                "backward ops are named after the layer whose op they differentiate");
    }

    @Test
    void aGradientTakenAfterTheTapesBlockRunsBackwardOps() {
        Variable w = new Variable(TF.ones(2, 2), "w");
        Tensor x = TF.ones(3, 2);
        GradientTape tape = new GradientTape();
        Tensor[] loss = new Tensor[1];
        List<OpEvent> forward = record(() -> {
            try (tape) {
                loss[0] = TF.reduceSum(TF.matmul(x, w));
            }
        });
        List<OpEvent> backward = record(() -> tape.gradient(loss[0], w));
        assertTrue(forward.stream().allMatch(e -> e.phase() == Phase.FORWARD), forward.toString());
        assertFalse(backward.isEmpty());
        assertTrue(backward.stream().allMatch(e -> e.phase() == Phase.BACKWARD), backward.toString());
        assertTrue(backward.stream().anyMatch(e -> e.opName().equals("BatchMatMulV2") && e.scope().equals("gradients")),
                backward.toString());
        assertEquals(Phase.FORWARD, record(() -> TF.negative(x)).get(0).phase(), "and forward ops again once it returned");
    }
}
