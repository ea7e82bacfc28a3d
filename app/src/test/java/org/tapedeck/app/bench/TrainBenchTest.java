package org.tapedeck.app.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tapedeck.app.cli.Options.UsageException;
import org.tapedeck.engine.backend.cpu.Parallel;
import org.tapedeck.engine.events.ExecutionEvents;

/** {@code tapedeck bench train}'s rounds, observers and cores, on the embedded MNIST subset. */
class TrainBenchTest {

    @AfterEach
    void restore() { Parallel.setSharedCores(false); }

    private static String bench(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream p = new PrintStream(out, true, StandardCharsets.UTF_8);
        assertEquals(0, TrainBench.run(args, p, p));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyObserverTimesEachRoundAndLeavesNoListenerBehind() {
        for (String observer : new String[] {"none", "events", "session", "feed"}) {
            String out = bench("--data", "subset", "--warmup", "2", "--steps", "3", "--rounds", "2",
                    "--observe", observer, "--cores", "shared");
            assertEquals(2, out.lines().filter(l -> l.startsWith("RESULT steps=3 ")).count(), observer + ":\n" + out);
            assertTrue(out.contains("(shared cores)"), out);
            assertFalse(ExecutionEvents.hasListeners(), observer + " left a listener registered");
        }
        assertTrue(Parallel.sharedCores());
    }

    @Test
    void unknownObserversAndCoresAreNamed() {
        UsageException o = assertThrows(UsageException.class, () -> bench("--data", "subset", "--observe", "window"));
        assertEquals("bench train: --observe must be none, events, session or feed, got 'window'", o.getMessage());
        UsageException c = assertThrows(UsageException.class, () -> bench("--data", "subset", "--cores", "all"));
        assertEquals("bench train: --cores must be own or shared, got 'all'", c.getMessage());
    }
}
