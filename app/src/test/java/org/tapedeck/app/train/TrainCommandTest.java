package org.tapedeck.app.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapedeck.app.Main;
import org.tapedeck.engine.io.SafeTensors;
import org.tapedeck.engine.tensor.Tensor;

/** The headless trainer on the embedded subset: a short, reproducible run that writes what it promises. */
class TrainCommandTest {

    private record Result(int code, String out, String err) {}

    private static Result tapedeck(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void sameSeedGivesTheSameLossHistoryAndWeightsReload(@TempDir Path dir) throws Exception {
        Result a = tapedeck("train", "--data", "subset", "--steps", "4", "--seed", "7", "--out", dir.resolve("a").toString());
        Result b = tapedeck("train", "--data", "subset", "--steps", "4", "--seed", "7", "--out", dir.resolve("b").toString());
        Result c = tapedeck("train", "--data", "subset", "--steps", "4", "--seed", "8", "--out", dir.resolve("c").toString());
        assertEquals(0, a.code(), a.err());
        assertTrue(a.out().contains("EMBEDDED_SUBSET"), a.out());
        assertTrue(a.out().contains("epoch 1 done - mean loss"), a.out());

        List<String> ha = Files.readAllLines(dir.resolve("a/loss_history.csv"));
        List<String> hb = Files.readAllLines(dir.resolve("b/loss_history.csv"));
        List<String> hc = Files.readAllLines(dir.resolve("c/loss_history.csv"));
        assertEquals("step,epoch,loss", ha.get(0));
        assertEquals(5, ha.size(), "a header and one line per step");
        assertEquals(ha, hb, "the same seed gives the same loss history");
        assertNotEquals(ha, hc, "another seed gives another history");

        Map<String, Tensor> weights = SafeTensors.load(dir.resolve("a/weights.safetensors"));
        assertEquals(List.of("conv2d/bias", "conv2d/kernel", "conv2d_1/bias", "conv2d_1/kernel", "dense/bias", "dense/kernel"),
                weights.keySet().stream().sorted().toList());
        assertEquals(144, weights.get("conv2d/kernel").size());

        Result eval = tapedeck("evaluate", "--data", "subset", "--weights", dir.resolve("a/weights.safetensors").toString());
        assertEquals(0, eval.code(), eval.err());
        assertTrue(eval.out().matches("(?s)test accuracy \\d+\\.\\d\\d% on 1,000 images.*"), eval.out());
    }

    @Test
    void badOptionsAreUsageErrorsNamingTheOption() {
        Result r = tapedeck("train", "--epoch", "3");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown option --epoch"), r.err());
        r = tapedeck("train", "--steps", "many");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--steps needs a whole number, got 'many'"), r.err());
        r = tapedeck("evaluate");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--weights FILE is required"), r.err());
    }

    @Test
    void missingWeightsFileIsAClearError(@TempDir Path dir) {
        Result r = tapedeck("evaluate", "--data", "subset", "--weights", dir.resolve("none.safetensors").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("none.safetensors"), r.err());
    }
}
