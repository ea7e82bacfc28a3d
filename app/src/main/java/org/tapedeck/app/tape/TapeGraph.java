package org.tapedeck.app.tape;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.tapedeck.app.feed.GradientSource;
import org.tapedeck.app.feed.OpWiring;
import org.tapedeck.app.feed.VariableSample;
import org.tapedeck.app.opstream.OpRow;
import org.tapedeck.engine.events.Phase;
import org.tapedeck.engine.tensor.DType;
import org.tapedeck.engine.tensor.Shape;

/**
 * The ops of one training step as a graph: ops are nodes, tensors are edges from the op that
 * produced them to the ops that consumed them (matched by {@link org.tapedeck.engine.tensor.Tensor#id()
 * tensor id}), and tensors that came from outside the step (variables, data, constants) are leaf
 * nodes. Each node gets a layer (longest path from a leaf) and a row within it: a simple layered
 * layout. The graph holds no tensors: a node names its op by sequence number, a leaf the op that
 * first read it.
 *
 * <pre>{@code
 * TapeGraph g = new TapeGraph(1500);
 * g.addOp(row, wiring);                        // for each recorded op, in order
 * g.markGradient(lossId, sources);             // marks the loss and names the variables
 * g.nodes().get(0).layer();
 * }</pre>
 */
public final class TapeGraph {
    public enum Kind { OP, VARIABLE, INPUT }

    /** A node: an op or a leaf tensor. */
    public static final class Node {
        private final int index;
        private String label;
        private final String detail;
        private final Phase phase;
        private final OpRow op;
        private final long tensorId;
        private final long reader;
        private final int readerInput;
        private final int layer;
        private final int row;
        private boolean loss;
        private Kind kind;

        private Node(int index, Kind kind, String label, String detail, Phase phase, OpRow op, long tensorId,
                     long reader, int readerInput, int layer, int row) {
            this.index = index;
            this.kind = kind;
            this.label = label;
            this.detail = detail;
            this.phase = phase;
            this.op = op;
            this.tensorId = tensorId;
            this.reader = reader;
            this.readerInput = readerInput;
            this.layer = layer;
            this.row = row;
        }

        public int index() { return index; }

        /** OP, or for a leaf VARIABLE (a variable's value) or INPUT (data, constants). */
        public Kind kind() { return kind; }

        /** The op name, or the variable's name, or "input". */
        public String label() { return label; }

        /** The output's dtype and shape. */
        public String detail() { return detail; }

        /** FORWARD or BACKWARD for ops; null for leaves. */
        public Phase phase() { return phase; }

        /** The op's row, or null for a leaf. */
        public OpRow op() { return op; }

        /** The id of the tensor this node produced (an op's output, a leaf's value); 0 for a failed op. */
        public long tensorId() { return tensorId; }

        /** For a leaf: the sequence number of the first op that read it (-1 for an op). */
        public long reader() { return reader; }

        /** For a leaf: which input of {@link #reader()} it was (-1 for an op). */
        public int readerInput() { return readerInput; }

        public int layer() { return layer; }

        public int row() { return row; }

        /** Whether this node produced the loss given to {@code GradientTape.gradient}. */
        public boolean isLoss() { return loss; }

        @Override
        public String toString() { return label + " " + detail; }
    }

    /** A tensor flowing from one node to another. */
    public record Edge(Node from, Node to) {}

    private final int maxNodes;
    private final List<Node> nodes = new ArrayList<>();
    private final List<Edge> edges = new ArrayList<>();
    private final Map<Long, Node> producers = new HashMap<>();
    private final List<Integer> layerSizes = new ArrayList<>();
    private Map<Long, String> variableValues = new HashMap<>();
    private boolean truncated;
    private int forwardLayers = 1;

    public TapeGraph(int maxNodes) { this.maxNodes = maxNodes; }

    public List<Node> nodes() { return nodes; }

    public List<Edge> edges() { return edges; }

    /** Whether ops were left out because the step had more than {@code maxNodes} nodes. */
    public boolean truncated() { return truncated; }

    public int layers() { return layerSizes.size(); }

    /** The number of nodes in the fullest layer. */
    public int maxLayerSize() {
        int m = 0;
        for (int s : layerSizes) m = Math.max(m, s);
        return m;
    }

    public boolean isEmpty() { return nodes.isEmpty(); }

    /** Adds an executed op, its producers (or new leaves for outside tensors) linked to it. */
    public void addOp(OpRow op, OpWiring wiring) {
        // Backward ops go to the right of every forward op (their own outside inputs, like the
        // seed gradient, in a column just before them), so the two passes read apart.
        boolean backward = op.phase() == Phase.BACKWARD;
        int base = backward ? forwardLayers : 0;
        List<Node> inputs = new ArrayList<>();
        long[] ids = wiring.inputs();
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == 0) continue;
            Node p = producers.get(ids[i]);
            if (p == null) {
                if (!room(2)) return;
                p = leaf(ids[i], wiring.inputDtypes()[i], op.inputs()[i], op.sequence(), i, base);
            }
            inputs.add(p);
        }
        if (!room(1)) return;
        int layer = backward ? base + 1 : 0;
        for (Node p : inputs) layer = Math.max(layer, p.layer + 1);
        if (!backward) forwardLayers = Math.max(forwardLayers, layer + 1);
        String detail = op.output() == null ? "failed" : op.dtype() + " " + op.output();
        Node n = add(Kind.OP, op.opName(), detail, op.phase(), op, wiring.output(), -1, -1, layer);
        for (Node p : inputs) edges.add(new Edge(p, n));
        if (wiring.output() != 0) producers.put(wiring.output(), n);
    }

    private boolean room(int n) {
        if (nodes.size() + n <= maxNodes) return true;
        truncated = true;
        return false;
    }

    private Node leaf(long id, DType dtype, Shape shape, long reader, int readerInput, int layer) {
        String var = variableValues.get(id);
        Node n = add(var != null ? Kind.VARIABLE : Kind.INPUT, var != null ? var : "input", dtype + " " + shape,
                null, null, id, reader, readerInput, layer);
        producers.put(id, n);
        return n;
    }

    private Node add(Kind kind, String label, String detail, Phase phase, OpRow op, long tensorId, long reader,
                     int readerInput, int layer) {
        while (layerSizes.size() <= layer) layerSizes.add(0);
        int row = layerSizes.get(layer);
        layerSizes.set(layer, row + 1);
        Node n = new Node(nodes.size(), kind, label, detail, phase, op, tensorId, reader, readerInput, layer, row);
        nodes.add(n);
        return n;
    }

    /**
     * After {@code GradientTape.gradient}: marks the node that produced {@code loss} and names the
     * leaves that are the variables' values.
     */
    public void markGradient(long lossId, List<GradientSource> sources) {
        Node l = producers.get(lossId);
        if (l != null) l.loss = true;
        for (GradientSource s : sources) {
            if (!s.variable()) continue;
            variableValues.put(s.valueId(), s.name());
            Node leaf = producers.get(s.valueId());
            if (leaf != null && leaf.op == null) {
                leaf.kind = Kind.VARIABLE;
                leaf.label = s.name();
            }
        }
    }

    /** The variables' values after an update: the next step's forward pass reads these tensors. */
    public void knowVariables(List<VariableSample> samples) {
        Map<Long, String> next = new HashMap<>();
        for (VariableSample s : samples) next.put(s.value().id(), s.name());
        variableValues = next;
    }

    /** Forgets the step's nodes (the known variables stay). */
    public void clear() {
        nodes.clear();
        edges.clear();
        producers.clear();
        layerSizes.clear();
        truncated = false;
        forwardLayers = 1;
    }

    /** Forgets everything, variables too (a new run). */
    public void reset() {
        clear();
        variableValues = new HashMap<>();
    }
}
