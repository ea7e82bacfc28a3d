package org.tapedeck.app.tape;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.tapedeck.app.feed.GradientSource;
import org.tapedeck.app.feed.VariableSample;
import org.tapedeck.engine.events.OpEvent;
import org.tapedeck.engine.events.Phase;
import org.tapedeck.engine.tensor.Tensor;

/**
 * The ops of one training step as a graph: ops are nodes, tensors are edges from the op that
 * produced them to the ops that consumed them (matched by identity: tensors are immutable), and
 * tensors that came from outside the step (variables, data, constants) are leaf nodes. Each node
 * gets a layer (longest path from a leaf) and a row within it: a simple layered layout.
 *
 * <pre>{@code
 * TapeGraph g = new TapeGraph(1500);
 * g.addOp(event);                              // for each recorded op, in order
 * g.markGradient(loss, sources);               // marks the loss and names the variables
 * g.nodes().get(0).layer();
 * }</pre>
 */
public final class TapeGraph {
    public enum Kind { OP, VARIABLE, INPUT }

    /** A node: an op (with its event) or a leaf tensor. */
    public static final class Node {
        private final int index;
        private final Kind kind;
        private String label;
        private final String detail;
        private final Phase phase;
        private final OpEvent op;
        private final Tensor tensor;
        private final int layer;
        private final int row;
        private boolean loss;
        private Kind leafKind;

        Node(int index, Kind kind, String label, String detail, Phase phase, OpEvent op, Tensor tensor, int layer, int row) {
            this.index = index;
            this.kind = kind;
            this.leafKind = kind;
            this.label = label;
            this.detail = detail;
            this.phase = phase;
            this.op = op;
            this.tensor = tensor;
            this.layer = layer;
            this.row = row;
        }

        public int index() { return index; }

        /** OP, or for a leaf VARIABLE (a variable's value) or INPUT (data, constants). */
        public Kind kind() { return leafKind; }

        /** The op name, or the variable's name, or "input". */
        public String label() { return label; }

        /** The output's dtype and shape. */
        public String detail() { return detail; }

        /** FORWARD or BACKWARD for ops; null for leaves. */
        public Phase phase() { return phase; }

        /** The op's event, or null for a leaf. */
        public OpEvent op() { return op; }

        /** The tensor this node produced (an op's output, a leaf's value); may be null for a failed op. */
        public Tensor tensor() { return op != null ? op.output() : tensor; }

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
    private final Map<Tensor, Node> producers = new IdentityHashMap<>();
    private final List<Integer> layerSizes = new ArrayList<>();
    private Map<Tensor, String> variableValues = new IdentityHashMap<>();
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
    public void addOp(OpEvent e) {
        // Backward ops go to the right of every forward op (their own outside inputs, like the
        // seed gradient, in a column just before them), so the two passes read apart.
        boolean backward = e.phase() == Phase.BACKWARD;
        int base = backward ? forwardLayers : 0;
        List<Node> inputs = new ArrayList<>();
        for (Tensor t : e.inputs()) {
            if (t == null) continue;
            Node p = producers.get(t);
            if (p == null) {
                if (!room(2)) return;
                p = leaf(t, base);
            }
            inputs.add(p);
        }
        if (!room(1)) return;
        int layer = backward ? base + 1 : 0;
        for (Node p : inputs) layer = Math.max(layer, p.layer + 1);
        if (!backward) forwardLayers = Math.max(forwardLayers, layer + 1);
        Tensor out = e.output();
        String detail = out == null ? "failed" : out.dtype() + " " + out.shape();
        Node n = add(Kind.OP, e.opName(), detail, e.phase(), e, null, layer);
        for (Node p : inputs) edges.add(new Edge(p, n));
        if (out != null) producers.put(out, n);
    }

    private boolean room(int n) {
        if (nodes.size() + n <= maxNodes) return true;
        truncated = true;
        return false;
    }

    private Node leaf(Tensor t, int layer) {
        String var = variableValues.get(t);
        Node n = var != null
                ? add(Kind.VARIABLE, var, t.dtype() + " " + t.shape(), null, null, t, layer)
                : add(Kind.INPUT, "input", t.dtype() + " " + t.shape(), null, null, t, layer);
        producers.put(t, n);
        return n;
    }

    private Node add(Kind kind, String label, String detail, Phase phase, OpEvent op, Tensor tensor, int layer) {
        while (layerSizes.size() <= layer) layerSizes.add(0);
        int row = layerSizes.get(layer);
        layerSizes.set(layer, row + 1);
        Node n = new Node(nodes.size(), kind, label, detail, phase, op, tensor, layer, row);
        nodes.add(n);
        return n;
    }

    /**
     * After {@code GradientTape.gradient}: marks the node that produced {@code loss} and names the
     * leaves that are the variables' values.
     */
    public void markGradient(Tensor loss, List<GradientSource> sources) {
        Node l = producers.get(loss);
        if (l != null) l.loss = true;
        for (GradientSource s : sources) {
            if (!s.variable()) continue;
            variableValues.put(s.value(), s.name());
            Node leaf = producers.get(s.value());
            if (leaf != null && leaf.op == null) {
                leaf.leafKind = Kind.VARIABLE;
                leaf.label = s.name();
            }
        }
    }

    /** The variables' values after an update: the next step's forward pass reads these tensors. */
    public void knowVariables(List<VariableSample> samples) {
        Map<Tensor, String> next = new IdentityHashMap<>();
        for (VariableSample s : samples) next.put(s.value(), s.name());
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
        variableValues = new IdentityHashMap<>();
    }
}
