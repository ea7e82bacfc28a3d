package org.tapedeck.app.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.tapedeck.engine.events.ExecutionListener;
import org.tapedeck.engine.events.OpEvent;

/**
 * Time per op and input shapes over a window of steps ({@code tapedeck bench train --profile}):
 * where a training step spends its time, in the form of PyTorch's profiler table.
 */
final class OpProfile implements ExecutionListener {
    private static final class Row {
        long calls;
        long nanos;
    }

    private final Map<String, Row> rows = new HashMap<>();

    @Override
    public void afterOp(OpEvent e) {
        String shapes = e.inputs().stream().map(t -> t == null ? "-" : t.shape().toString())
                .collect(Collectors.joining(" "));
        Row r = rows.computeIfAbsent(e.opName() + " " + shapes, k -> new Row());
        r.calls++;
        r.nanos += e.durationNanos();
    }

    /** The {@code top} costliest op/shape pairs, with their share of all op time and ms per step. */
    void print(PrintStream out, int steps, int top) {
        long total = rows.values().stream().mapToLong(r -> r.nanos).sum();
        List<Map.Entry<String, Row>> sorted = new ArrayList<>(rows.entrySet());
        sorted.sort((a, b) -> Long.compare(b.getValue().nanos, a.getValue().nanos));
        out.printf(Locale.ROOT, "op time per step: %.3f ms in %d ops%n", total / 1e6 / steps,
                rows.values().stream().mapToLong(r -> r.calls).sum() / steps);
        for (Map.Entry<String, Row> en : sorted.subList(0, Math.min(top, sorted.size()))) {
            Row r = en.getValue();
            out.printf(Locale.ROOT, "  %5.1f%% %8.3f ms/step %4d calls/step  %s%n", 100.0 * r.nanos / total,
                    r.nanos / 1e6 / steps, r.calls / steps, en.getKey());
        }
    }
}
