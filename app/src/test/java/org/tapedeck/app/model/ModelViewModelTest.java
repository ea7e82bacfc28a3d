package org.tapedeck.app.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.tapedeck.engine.TF;

/** The layers and their parameter counts, told by the variables' names. */
class ModelViewModelTest {

    private static VariableRow row(String name, int... shape) {
        return new VariableRow(name, "", TF.zeros(shape), null, 0, 0, Double.NaN, 0);
    }

    @Test
    void layersAreTheVariableNamePrefixesWithTheirParameterCounts() {
        List<VariableRow> tutorial = List.of(row("conv2d/kernel", 3, 3, 1, 16), row("conv2d/bias", 16),
                row("conv2d_1/kernel", 3, 3, 16, 16), row("conv2d_1/bias", 16), row("dense/kernel", 16, 10), row("dense/bias", 10));
        assertEquals("conv2d 160 \u00b7 conv2d_1 2,320 \u00b7 dense 170 \u00b7 total 2,650 parameters",
                ModelViewModel.layerSummary(tutorial));
        assertEquals("w 4 \u00b7 total 4 parameters", ModelViewModel.layerSummary(List.of(row("w", 2, 2))));
        assertEquals("", ModelViewModel.layerSummary(List.of()));
    }
}
