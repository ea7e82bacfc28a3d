package org.tapedeck.app.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.tapedeck.app.ui.EngineAccess;
import org.tapedeck.engine.TF;
import org.tapedeck.engine.backend.Device;
import org.tapedeck.engine.events.OpEvent;
import org.tapedeck.engine.events.Phase;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;

/** The inspector's model: facts, slices and histogram of the selected tensor. */
class InspectorViewModelTest {

    private static String fact(InspectorViewModel vm, String name) {
        return vm.facts().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow().value();
    }

    @Test
    void showsAnOpsOutputWithItsStatistics() {
        InspectorViewModel vm = new InspectorViewModel(EngineAccess.direct());
        Tensor a = TF.constant(new float[][] {{1, -2}, {0, 4}});
        Tensor b = TF.constant(new float[][] {{1, 0}, {0, 1}});
        Tensor out = TF.matmul(a, b);
        OpEvent e = new OpEvent(7, "MatMul", Map.of(), new Tensor[] {a, b}, Device.CPU, Phase.FORWARD, null);
        e.complete(out, 1000, null);
        vm.showOp(e);
        assertEquals("#7 MatMul (forward)", vm.titleProperty().get());
        assertEquals(List.of("input 0", "input 1", "output"), vm.tensors().stream().map(TensorRef::label).toList());
        assertEquals("output", vm.selectedProperty().get().label());
        assertEquals("(2, 2)", fact(vm, "shape"));
        assertEquals("float32", fact(vm, "dtype"));
        assertEquals("CPU:0", fact(vm, "device"));
        assertEquals("-2", fact(vm, "min"));
        assertEquals("4", fact(vm, "max"));
        assertEquals("0.75", fact(vm, "mean"));
        assertEquals("1", fact(vm, "zeros"));
        assertEquals("0", fact(vm, "NaN"));
        Slice2D s = vm.sliceProperty().get();
        assertEquals(2, s.rows());
        assertEquals(-2, s.value(0, 1));
        assertTrue(vm.selectors().isEmpty());
        assertEquals(4, sum(vm.snapshotProperty().get().histogram().counts()));
        assertEquals("", vm.messageProperty().get());

        vm.selectedProperty().set(vm.tensors().get(1));
        assertEquals("0", fact(vm, "min"));
    }

    @Test
    void anOpNotRunYetShowsItsInputs() {
        InspectorViewModel vm = new InspectorViewModel(EngineAccess.direct());
        Tensor a = TF.ones(3);
        vm.showOp(new OpEvent(1, "Relu", Map.of(), new Tensor[] {a}, Device.CPU, Phase.BACKWARD, null));
        assertTrue(vm.titleProperty().get().contains("not run yet"));
        assertEquals("input 0", vm.selectedProperty().get().label());
        assertEquals("(3,)", fact(vm, "shape"));
        assertEquals(1, vm.sliceProperty().get().rows());
        assertEquals(3, vm.sliceProperty().get().cols());
    }

    @Test
    void nhwcBatchesShowAsAnImagePerBatchIndexAndChannel() {
        InspectorViewModel vm = new InspectorViewModel(EngineAccess.direct());
        // x[n, h, w, c] = 1000 n + 100 h + 10 w + c
        int n = 2, h = 3, w = 4, c = 2;
        float[] v = new float[n * h * w * c];
        int i = 0;
        for (int a = 0; a < n; a++) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) for (int ch = 0; ch < c; ch++) {
            v[i++] = 1000 * a + 100 * y + 10 * x + ch;
        }
        TensorRef ref = new TensorRef("images", TF.constant(v, Shape.of(n, h, w, c)));
        vm.show("batch", List.of(ref), ref);
        assertEquals(List.of("batch", "channel"), vm.selectors().stream().map(SelectorModel::label).toList());
        Slice2D s = vm.sliceProperty().get();
        assertEquals(3, s.rows());
        assertEquals(4, s.cols());
        assertEquals(120, s.value(1, 2), 0, "batch 0, channel 0: 100 h + 10 w");
        vm.selectors().get(0).indexProperty().set(1);
        vm.selectors().get(1).indexProperty().set(1);
        assertEquals(1000 + 200 + 30 + 1, vm.sliceProperty().get().value(2, 3), 0);
        vm.selectors().get(1).indexProperty().set(9);
        assertEquals(1, vm.selectors().get(1).indexProperty().get(), "clamped to the last channel");
    }

    @Test
    void nanAndInfAreCountedAndFlagged() {
        InspectorViewModel vm = new InspectorViewModel(EngineAccess.direct());
        TensorRef ref = new TensorRef("bad", TF.constant(new float[] {1f, Float.NaN, Float.POSITIVE_INFINITY, 3f}));
        vm.show("bad", List.of(ref), ref);
        Fact nan = vm.facts().stream().filter(f -> f.name().equals("NaN")).findFirst().orElseThrow();
        assertEquals("1", nan.value());
        assertTrue(nan.alert());
        assertEquals("1", fact(vm, "Inf"));
        assertEquals("3", fact(vm, "max"), "statistics of the finite values");
        assertEquals(2, sum(vm.snapshotProperty().get().histogram().counts()));
        Heatmap.Image img = Heatmap.render(vm.sliceProperty().get());
        assertEquals(Heatmap.NAN, img.argb()[1]);
        assertEquals(Heatmap.POS_INF, img.argb()[2]);
    }

    @Test
    void anOpLetGoShowsTheStatisticsItLeftAndNoTensors() {
        InspectorViewModel vm = new InspectorViewModel(EngineAccess.direct());
        TensorRef ref = new TensorRef("x", TF.constant(new float[] {1f, 2f}));
        vm.show("x", List.of(ref), ref);
        vm.showForgotten("#7 Relu", "let go", org.tapedeck.engine.tensor.Shape.of(2, 2),
                org.tapedeck.engine.tensor.DType.FLOAT32, org.tapedeck.engine.backend.Device.CPU,
                new org.tapedeck.engine.backend.TensorStats(4, -2, 4, 1, 2, 1, 0, 1));
        assertTrue(vm.tensors().isEmpty());
        assertEquals("(2, 2)", fact(vm, "shape"));
        assertEquals("-2", fact(vm, "min"));
        assertEquals("1", fact(vm, "NaN"));
        vm.showForgotten("#8 Relu", "let go while running");
        assertTrue(vm.facts().isEmpty(), "no statistics left over from the op before");
    }

    @Test
    void aFailedReadSaysSoAndClearShowsNothing() {
        InspectorViewModel vm = new InspectorViewModel(new EngineAccess(null, Runnable::run, Runnable::run));
        vm.showForgotten("#1 AddV2", "too old");
        assertEquals("too old", vm.messageProperty().get());
        assertTrue(vm.tensors().isEmpty());
        vm.clear();
        assertNull(vm.snapshotProperty().get());
        assertFalse(vm.messageProperty().get().isEmpty());
    }

    private static long sum(long[] a) {
        long s = 0;
        for (long x : a) s += x;
        return s;
    }

    @Test
    void theSnapshotIsACopyAndAnOpNoLongerKeptSaysSo() {
        InspectorViewModel vm = new InspectorViewModel(EngineAccess.direct());
        Tensor a = TF.constant(new float[] {1, 2, 3});
        OpEvent e = new OpEvent(3, "Relu", Map.of(), new Tensor[] {a}, Device.CPU, Phase.FORWARD, null);
        e.complete(a, 1000, null);
        boolean[] kept = {true};
        vm.showOp(e, () -> kept[0]);
        TensorSnapshot snap = vm.snapshotProperty().get();
        assertTrue(snap.values() != a.host(), "the UI reads a copy, never the tensor's own memory");
        assertEquals(3.0, snap.values().getDouble(2));

        kept[0] = false;   // the op fell out of the recent ops: its tensors may be freed
        vm.selectedProperty().set(vm.tensors().get(0));
        assertNull(vm.snapshotProperty().get());
        assertTrue(vm.messageProperty().get().contains("input 0 is no longer kept"), vm.messageProperty().get());
    }
}
