package org.tapedeck.app.examples;

import java.io.PrintStream;

import org.tapedeck.engine.TF;
import org.tapedeck.engine.tensor.Tensor;

/** Host-language control flow driving tensors, as in the tutorial's {@code fizzbuzz(15)}. */
public final class FizzBuzzExample implements Example {
    @Override public String name() { return "fizzbuzz"; }

    @Override public String description() { return "FizzBuzz to 15, with tensors and Java control flow"; }

    @Override
    public void run(PrintStream out) { fizzbuzz(15, out); }

    static void fizzbuzz(int max, PrintStream out) {
        Tensor counter = TF.constant(0);
        Tensor maxNum = TF.convertToTensor(max);
        for (int n = 1; n <= maxNum.intValue(); n++) {
            Tensor num = TF.constant(n);
            if (num.mod(3).intValue() == 0 && num.mod(5).intValue() == 0) {
                out.println("FizzBuzz");
            } else if (num.mod(3).intValue() == 0) {
                out.println("Fizz");
            } else if (num.mod(5).intValue() == 0) {
                out.println("Buzz");
            } else {
                out.println(num.numpy());
            }
            counter = counter.add(1);
        }
    }
}
