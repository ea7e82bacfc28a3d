package org.tapedeck.app.breakpoints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.tapedeck.app.breakpoints.BreakpointsViewModel.Kind;
import org.tapedeck.app.session.Breakpoint;
import org.tapedeck.app.session.DebugSession;

/** Breakpoints added and removed through the panel reach the session; bad arguments are refused. */
class BreakpointsViewModelTest {
    private final DebugSession session = new DebugSession("bp", out -> {});
    private final BreakpointsViewModel vm = new BreakpointsViewModel(session);

    private boolean add(Kind kind, String arg) {
        vm.kindProperty().set(kind);
        vm.argumentProperty().set(arg);
        return vm.add();
    }

    @Test
    void everyKindReachesTheSession() {
        assertTrue(add(Kind.OP, " MatMul "));
        assertTrue(add(Kind.NON_FINITE, ""));
        assertTrue(add(Kind.LOSS_ABOVE, "2.5"));
        assertTrue(add(Kind.LAYER, "Dense"));
        List<Breakpoint> expected = List.of(new Breakpoint.OnOp("MatMul"), new Breakpoint.OnNonFinite(),
                new Breakpoint.OnLossAbove(2.5), new Breakpoint.OnLayer("Dense"));
        assertEquals(expected, session.breakpoints());
        assertEquals(expected, vm.breakpoints());
        assertEquals("", vm.argumentProperty().get(), "the field is cleared after adding");
        vm.remove(new Breakpoint.OnLossAbove(2.5));
        assertEquals(3, session.breakpoints().size());
        assertEquals(3, vm.breakpoints().size());
        assertEquals("Before op MatMul", BreakpointsViewModel.describe(vm.breakpoints().get(0)));
    }

    @Test
    void badArgumentsAndDuplicatesAreRefusedWithAReason() {
        assertFalse(add(Kind.OP, "  "));
        assertTrue(vm.errorProperty().get().contains("op type"));
        assertFalse(add(Kind.LOSS_ABOVE, "high"));
        assertTrue(vm.errorProperty().get().contains("'high'"), vm.errorProperty().get());
        assertFalse(add(Kind.LAYER, ""));
        assertTrue(add(Kind.OP, "Relu"));
        assertFalse(add(Kind.OP, "Relu"));
        assertTrue(vm.errorProperty().get().contains("already"));
        vm.argumentProperty().set("x");
        assertEquals("", vm.errorProperty().get(), "typing clears the error");
        assertEquals(1, session.breakpoints().size());
    }
}
