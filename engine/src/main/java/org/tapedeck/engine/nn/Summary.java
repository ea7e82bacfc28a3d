package org.tapedeck.engine.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.tapedeck.engine.tensor.Variable;

/**
 * The text of Keras 2's {@code model.summary()} for a sequential model (the layout of Keras
 * 2.9 - 2.11): 65 columns, column stops at 29 and 55, each row starting with a space, a blank line
 * after every layer, cells too long for their column continued on the next line.
 */
final class Summary {
    private static final int WIDTH = 65;
    private static final int[] STOPS = {(int) (WIDTH * 0.45), (int) (WIDTH * 0.85), WIDTH};

    private Summary() {}

    static String of(Sequential model) {
        StringBuilder out = new StringBuilder();
        line(out, "Model: \"" + model.name() + "\"");
        line(out, "_".repeat(WIDTH));
        row(out, "Layer (type)", "Output Shape", "Param #");
        line(out, "=".repeat(WIDTH));
        for (Layer l : model.layers()) {
            String params = l.built() ? Integer.toString(l.countParams()) : "0 (unused)";
            String shape = l.built() ? l.outputShape().toString() : "?";
            row(out, l.name() + " (" + l.getClass().getSimpleName() + ")", shape, params);
            line(out, " ".repeat(WIDTH));
        }
        line(out, "=".repeat(WIDTH));
        long trainable = count(model.trainableVariables());
        long frozen = count(model.nonTrainableVariables());
        line(out, "Total params: " + grouped(trainable + frozen));
        line(out, "Trainable params: " + grouped(trainable));
        line(out, "Non-trainable params: " + grouped(frozen));
        line(out, "_".repeat(WIDTH));
        return out.toString();
    }

    private static long count(List<Variable> vars) {
        long n = 0;
        for (Variable v : vars) n += v.shape().size();
        return n;
    }

    /** {@code 2650} as {@code 2,650}, Python's {@code format(n, ',')}. */
    private static String grouped(long n) { return String.format(Locale.ROOT, "%,d", n); }

    private static void line(StringBuilder out, String s) { out.append(s).append('\n'); }

    /**
     * One table row, over as many lines as its longest cell needs. Each cell gets the width of its
     * column less two separating spaces (the last column none); a cell that does not fit is cut
     * there, or earlier just after a "),", "},", "]," or "'," so tuples break between elements.
     * NOTE: the leading space of a row is not counted in the first column's width, so a first
     * cell that fills its column pushes the rest of that line one column to the right, as in Keras.
     */
    private static void row(StringBuilder out, String... fields) {
        List<String> left = new ArrayList<>(List.of(fields));
        while (left.stream().anyMatch(s -> !s.isEmpty())) {
            StringBuilder line = new StringBuilder();
            for (int col = 0; col < left.size(); col++) {
                int start = col > 0 ? STOPS[col - 1] : 0;
                boolean last = col == STOPS.length - 1;
                int space = last ? 0 : 2;
                String cell = left.get(col);
                int cut = Math.min(cell.length(), STOPS[col] - start - space);
                String fit = cell.substring(0, cut);
                int breakAt = Integer.MAX_VALUE;
                for (String end : new String[] {"),", "},", "],", "',"}) {
                    int at = fit.indexOf(end);
                    if (at >= 0) breakAt = Math.min(breakAt, at + end.length());
                }
                if (breakAt != Integer.MAX_VALUE) {
                    cut = breakAt;
                    fit = fit.substring(0, cut);
                }
                if (col == 0) line.append(' ');
                line.append(fit).append(" ".repeat(space));
                left.set(col, cell.substring(cut));
                line.append(" ".repeat(Math.max(0, STOPS[col] - line.length())));
            }
            line(out, line.toString());
        }
    }
}
