package org.tapedeck.engine.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tapedeck.engine.backend.cuda.GpuTesting.assertClose;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.tapedeck.engine.TF;
import org.tapedeck.engine.autograd.GradientTape;
import org.tapedeck.engine.backend.Backend;
import org.tapedeck.engine.backend.Device;
import org.tapedeck.engine.backend.DeviceMemory;
import org.tapedeck.engine.backend.HostBuffer;
import org.tapedeck.engine.backend.MemoryScope;
import org.tapedeck.engine.backend.MemoryStats;
import org.tapedeck.engine.backend.TensorStats;
import org.tapedeck.engine.errors.ResourceExhaustedException;
import org.tapedeck.engine.events.ExecutionEvents;
import org.tapedeck.engine.events.ExecutionListener;
import org.tapedeck.engine.events.OpEvent;
import org.tapedeck.engine.ops.Placement;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;
import org.tapedeck.engine.tensor.Tensor;
import org.tapedeck.engine.tensor.Variable;

/**
 * Whole training steps on the GPU against the same steps on the CPU, device memory over many
 * scoped steps, and running out of device memory. Skips where no GPU is found.
 */
@Tag("gpu")
class CudaTrainingTest {
    private CudaBackend gpu;
    private final RandomTensors random = new RandomTensors(99);

    @BeforeEach
    void findGpu() { gpu = GpuTesting.gpu(); }

    private Tensor up(Tensor host) { return GpuTesting.up(gpu, host); }

    // ---- the tutorial's conv net, step by step, against the CPU reference -------------------------

    @Test
    void tutorialStepsMatchTheCpuReference() {
        Backend reference = ReferenceBackend.create();
        TutorialModel onCpu = new TutorialModel(reference, 42);
        TutorialModel onGpu = new TutorialModel(gpu, 42);
        TutorialModel.Batches batches = new TutorialModel.Batches(7, 8);
        for (int step = 1; step <= 3; step++) {
            HostBuffer[] batch = batches.next();
            Shape images = Shape.of(batches.size(), 28, 28, 1);
            Tensor cpuLoss = onCpu.step(Tensor.wrap(images, batch[0]), Tensor.wrap(Shape.of(batches.size()), batch[1]));
            Tensor gpuLoss = onGpu.step(gpu.fromHost(images, batch[0]), gpu.fromHost(Shape.of(batches.size()), batch[1]));
            assertClose(cpuLoss, gpuLoss, 1e-5, "loss of step " + step);
            for (int i = 0; i < 6; i++) {
                assertClose(onCpu.lastGradients[i], onGpu.lastGradients[i], 1e-4, "gradient " + i + " of step " + step);
                assertClose(onCpu.param(i), onGpu.param(i), 1e-5, "parameter " + i + " after step " + step);
            }
        }
    }

    // ---- ops through the TF facade, recorded and differentiated on the GPU ------------------------

    /** {loss, dW1, db1, dW2, db2} of a two-layer classifier, computed by a GradientTape. */
    private static List<Tensor> denseStep(Tensor[] init, Tensor x, Tensor labels) {
        Variable[] vars = new Variable[init.length];
        for (int i = 0; i < init.length; i++) vars[i] = new Variable(init[i], "v" + i);
        try (GradientTape tape = new GradientTape()) {
            Tensor h = TF.relu(TF.add(TF.matmul(x, vars[0]), vars[1]));
            Tensor logits = TF.add(TF.matmul(h, vars[2]), vars[3]);
            Tensor picked = TF.reduceSum(TF.multiply(TF.oneHot(labels, 10), TF.logSoftmax(logits)), 1);
            Tensor loss = TF.negative(TF.reduceMean(picked));
            List<Tensor> out = new ArrayList<>();
            out.add(loss);
            out.addAll(tape.gradient(loss, vars));
            return out;
        }
    }

    @Test
    void gradientTapeOnTheGpuMatchesTheCpu() {
        Tensor[] init = {random.of(DType.FLOAT32, 20, 16), random.of(DType.FLOAT32, 16), random.of(DType.FLOAT32, 16, 10),
            random.of(DType.FLOAT32, 10)};
        Tensor x = random.of(DType.FLOAT32, 32, 20);
        Tensor labels = random.ints(DType.INT64, 0, 10, 32);
        List<Tensor> cpu = denseStep(init, x, labels);
        List<Tensor> onGpu;
        List<OpEvent> events = new ArrayList<>();
        ExecutionListener listener = new ExecutionListener() {
            @Override
            public void afterOp(OpEvent e) { events.add(e); }
        };
        try (ExecutionEvents.Registration r = ExecutionEvents.addListener(listener); Placement.Scope d = TF.device("GPU:0")) {
            Tensor[] gpuInit = new Tensor[init.length];
            for (int i = 0; i < init.length; i++) gpuInit[i] = up(init[i]);
            onGpu = denseStep(gpuInit, up(x), up(labels));
        }
        assertEquals(Device.GPU, onGpu.get(0).device());
        for (int i = 0; i < cpu.size(); i++) {
            assertEquals(Device.GPU, onGpu.get(i).device());
            assertClose(cpu.get(i), onGpu.get(i), 1e-5, i == 0 ? "loss" : "gradient " + i);
        }
        assertFalse(events.isEmpty());
        for (OpEvent e : events) assertEquals(Device.GPU, e.device(), e.opName() + " ran on " + e.device());
        // The debugger's summary of a GPU tensor, computed there; printing copies to the host when asked.
        TensorStats s = onGpu.get(1).backend().stats(onGpu.get(1));
        assertEquals(20 * 16, s.count());
        assertTrue(onGpu.get(0).toString().startsWith("Tensor("), onGpu.get(0).toString());
    }

    // ---- memory ---------------------------------------------------------------------------------

    // NOTE: other tests leave GPU tensors made outside any scope, which the garbage collector may
    // free at any moment; so memory is checked not to grow (<=), and the device allocation count,
    // which such frees cannot lower, to stay put.
    @Test
    void deviceMemoryIsFlatOverScopedTrainingSteps() {
        TutorialModel model;
        try (MemoryScope init = MemoryScope.open()) {
            model = new TutorialModel(gpu, 1); // initial values made in a scope die with the step that replaces them
        }
        TutorialModel.Batches batches = new TutorialModel.Batches(3, 32);
        Shape images = Shape.of(32, 28, 28, 1);
        MemoryStats afterWarmup = null;
        float first = 0;
        float last = 0;
        for (int step = 1; step <= 40; step++) {
            try (MemoryScope s = MemoryScope.open()) {
                HostBuffer[] batch = batches.next();
                last = model.step(gpu.fromHost(images, batch[0]), gpu.fromHost(Shape.of(32), batch[1])).floatValue();
                if (step == 1) first = last;
            }
            if (step == 5) afterWarmup = gpu.memoryStats();
        }
        MemoryStats end = gpu.memoryStats();
        assertTrue(end.bytesInUse() <= afterWarmup.bytesInUse(), "bytes in use grew: " + afterWarmup + " -> " + end);
        assertTrue(end.liveBuffers() <= afterWarmup.liveBuffers(), afterWarmup + " -> " + end);
        assertEquals(afterWarmup.deviceAllocations(), end.deviceAllocations(), "steady state asked the device for memory: " + end);
        assertEquals(end.deviceAllocations(), DeviceMemory.stats(Device.GPU).deviceAllocations());
        assertTrue(Float.isFinite(first) && Float.isFinite(last), first + " " + last);
    }

    @Test
    void runningOutOfDeviceMemoryFailsClearlyAndTheScopeGivesItBack() {
        long before = gpu.memoryStats().bytesInUse();
        long retriesBefore = gpu.memoryStats().outOfMemoryRetries();
        List<Tensor> hog = new ArrayList<>();
        try (MemoryScope s = MemoryScope.open()) {
            ResourceExhaustedException e = assertThrows(ResourceExhaustedException.class, () -> {
                for (int i = 0; i < 10_000; i++) hog.add(gpu.fill(DType.FLOAT32, Shape.of(1 << 29), 0));
            });
            assertTrue(e.getMessage().startsWith("OOM when allocating a float32 tensor of shape (536870912,) (2.0 GiB) on GPU:0"), e.getMessage());
            assertTrue(e.getMessage().contains("MemoryScope"), e.getMessage());
            assertFalse(hog.isEmpty());
        }
        assertTrue(gpu.memoryStats().outOfMemoryRetries() > retriesBefore);
        assertTrue(gpu.memoryStats().bytesInUse() <= before, "the scope freed every hog: " + gpu.memoryStats());
        DeviceMemory.emptyCache(Device.GPU);
        try (MemoryScope s = MemoryScope.open()) {
            Tensor again = gpu.fill(DType.FLOAT32, Shape.of(1 << 29), 1);
            assertEquals(1f, Tensor.wrap(Shape.of(1), gpu.toHost(gpu.slice(again, new int[] {5}, new int[] {1}))).floatValue());
        }
        DeviceMemory.emptyCache(Device.GPU);
    }
}
