package org.tapedeck.app.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.tapedeck.app.Main;

/** Each example prints what the tutorial prints. */
class ExamplesTest {

    private static String run(String name) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Examples.named(name).orElseThrow().run(out);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void eager() { assertEquals("true\n", run("eager")); }

    @Test
    void hello() { assertEquals("hello, [[4.]]\n", run("hello")); }

    @Test
    void basics() {
        assertEquals("""
                Tensor(
                [[1 2]
                 [3 4]], shape=(2, 2), dtype=int32)
                Tensor(
                [[2 3]
                 [4 5]], shape=(2, 2), dtype=int32)
                Tensor(
                [[ 2  6]
                 [12 20]], shape=(2, 2), dtype=int32)
                [[ 2  6]
                 [12 20]]
                [[1 2]
                 [3 4]]
                """, run("basics"));
    }

    @Test
    void fizzbuzz() {
        assertEquals(String.join("\n", "1", "2", "Fizz", "4", "Buzz", "Fizz", "7", "8", "Fizz", "Buzz", "11", "Fizz",
                "13", "14", "FizzBuzz") + "\n", run("fizzbuzz"));
    }

    @Test
    void gradient() { assertEquals("Tensor([[2.]], shape=(1, 1), dtype=float32)\n", run("gradient")); }

    @Test
    void commandLineRunsAnExampleAndRejectsUnknownOnes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(0, Main.run(new String[] {"example", "hello"}, o, e));
        assertEquals("hello, [[4.]]\n", out.toString(StandardCharsets.UTF_8));
        assertEquals(2, Main.run(new String[] {"example", "nope"}, o, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no example named 'nope'"));
    }
}
