package org.tapedeck.app.tape;

import java.util.function.Consumer;

import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.MouseEvent;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;

import org.tapedeck.app.ui.ScrollableCanvas;
import org.tapedeck.engine.events.Phase;

/**
 * Draws a {@link TapeGraph} left to right, one column per layer: forward ops blue, backward ops
 * orange, variables green, other inputs grey, the loss outlined in magenta. Only the part in view
 * is drawn; a click selects the node under the pointer.
 */
public final class TapeCanvas extends ScrollableCanvas {
    static final double NODE_W = 136;
    static final double NODE_H = 36;
    static final double GAP_X = 44;
    static final double GAP_Y = 12;
    static final double PAD = 14;
    private static final Font LABEL = Font.font("System", FontWeight.BOLD, 12);
    private static final Font DETAIL = Font.font("System", 10.5);

    private TapeGraph graph;
    private TapeGraph.Node selected;
    private Consumer<TapeGraph.Node> onSelect = n -> {};

    public TapeCanvas() {
        getStyleClass().add("tape-canvas");
        addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            TapeGraph.Node n = nodeAt(e.getX() + scrollX(), e.getY() + scrollY());
            if (n != null) onSelect.accept(n);
        });
    }

    public void setOnSelect(Consumer<TapeGraph.Node> onSelect) { this.onSelect = onSelect; }

    public void show(TapeGraph g, TapeGraph.Node sel) {
        graph = g;
        selected = sel;
        redraw();
    }

    static double x(TapeGraph.Node n) { return PAD + n.layer() * (NODE_W + GAP_X); }

    static double y(TapeGraph.Node n) { return PAD + n.row() * (NODE_H + GAP_Y); }

    /** The node at content coordinates, or null. */
    TapeGraph.Node nodeAt(double cx, double cy) {
        if (graph == null) return null;
        for (TapeGraph.Node n : graph.nodes()) {
            double nx = x(n);
            double ny = y(n);
            if (cx >= nx && cx <= nx + NODE_W && cy >= ny && cy <= ny + NODE_H) return n;
        }
        return null;
    }

    @Override
    protected double contentWidth() {
        return graph == null ? 0 : 2 * PAD + graph.layers() * (NODE_W + GAP_X) - GAP_X;
    }

    @Override
    protected double contentHeight() {
        return graph == null ? 0 : 2 * PAD + graph.maxLayerSize() * (NODE_H + GAP_Y) - GAP_Y;
    }

    @Override
    protected void draw(GraphicsContext g, double sx, double sy, double w, double h) {
        g.setFill(Color.web("#fbfcfd"));
        g.fillRect(0, 0, w, h);
        if (graph == null) return;
        g.setLineWidth(1.2);
        for (TapeGraph.Edge e : graph.edges()) {
            double x1 = x(e.from()) + NODE_W - sx;
            double y1 = y(e.from()) + NODE_H / 2 - sy;
            double x2 = x(e.to()) - sx;
            double y2 = y(e.to()) + NODE_H / 2 - sy;
            if (Math.max(x1, x2) < 0 || Math.min(x1, x2) > w || Math.max(y1, y2) < 0 || Math.min(y1, y2) > h) continue;
            g.setStroke(e.to().phase() == Phase.BACKWARD ? Color.web("#e2a86b", 0.8) : Color.web("#7f9cc0", 0.8));
            double mid = (x2 - x1) / 2;
            g.beginPath();
            g.moveTo(x1, y1);
            g.bezierCurveTo(x1 + mid, y1, x2 - mid, y2, x2, y2);
            g.stroke();
        }
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.CENTER);
        for (TapeGraph.Node n : graph.nodes()) {
            double nx = x(n) - sx;
            double ny = y(n) - sy;
            if (nx + NODE_W < 0 || nx > w || ny + NODE_H < 0 || ny > h) continue;
            Color fill;
            Color stroke;
            switch (n.kind()) {
                case VARIABLE -> { fill = Color.web("#e3f4e6"); stroke = Color.web("#2e8b57"); }
                case INPUT -> { fill = Color.web("#eeeff1"); stroke = Color.web("#9aa3ad"); }
                default -> {
                    boolean back = n.phase() == Phase.BACKWARD;
                    fill = back ? Color.web("#fdecd9") : Color.web("#e2edfb");
                    stroke = back ? Color.web("#d9822b") : Color.web("#3b78c2");
                }
            }
            g.setFill(fill);
            g.fillRoundRect(nx, ny, NODE_W, NODE_H, 10, 10);
            boolean sel = n == selected;
            g.setLineWidth(sel ? 3 : n.isLoss() ? 2.5 : 1.2);
            g.setStroke(sel ? Color.web("#111111") : n.isLoss() ? Color.web("#c0007a") : stroke);
            g.strokeRoundRect(nx, ny, NODE_W, NODE_H, 10, 10);
            g.setFill(Color.web("#17212b"));
            g.setFont(LABEL);
            String label = n.isLoss() ? n.label() + "  \u25c6 loss" : n.label();
            g.fillText(fit(label, 20), nx + NODE_W / 2, ny + 12);
            g.setFont(DETAIL);
            g.setFill(Color.web("#4c5968"));
            g.fillText(fit(n.detail(), 24), nx + NODE_W / 2, ny + 26);
        }
    }

    private static String fit(String s, int max) { return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026"; }
}
