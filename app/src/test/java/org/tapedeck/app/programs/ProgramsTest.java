package org.tapedeck.app.programs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapedeck.app.Main;

/** The program registry, the demo, and user programs loaded from a class path. */
class ProgramsTest {

    @Test
    void theDefaultIsTheDemoAndEveryExampleIsListed() {
        assertEquals("train", Programs.defaultProgram().name());
        assertEquals(Programs.DEFAULT, Programs.all().get(0).name());
        for (String n : List.of("eager", "hello", "basics", "fizzbuzz", "gradient")) assertTrue(Programs.named(n).isPresent(), n);
    }

    @Test
    void theDemoLearns() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new DemoTraining(20, 25, 32).run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("epoch (\\d+): loss ([0-9.]+), accuracy ([0-9.]+)").matcher(out);
        double firstLoss = -1;
        double lastLoss = -1;
        double lastAcc = -1;
        while (m.find()) {
            if (firstLoss < 0) firstLoss = Double.parseDouble(m.group(2));
            lastLoss = Double.parseDouble(m.group(2));
            lastAcc = Double.parseDouble(m.group(3));
        }
        assertTrue(lastLoss < firstLoss * 0.85, out);
        assertTrue(lastAcc > 0.5, out);
    }

    /** Compiles one class into {@code dir}. */
    private static void compile(Path dir, String className, String source) throws Exception {
        Path file = dir.resolve(className.replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-d", dir.toString(), "-cp", System.getProperty("java.class.path"), file.toString());
        assertEquals(0, rc, "javac failed");
    }

    @Test
    void loadsAMainClassFromAFolderAndPassesArguments(@TempDir Path dir) throws Exception {
        compile(dir, "com.example.MyTraining", """
                package com.example;
                import org.tapedeck.engine.TF;
                public class MyTraining {
                    public static String seen;
                    public static void main(String[] args) {
                        seen = args[0] + "=" + TF.add(TF.constant(2f), TF.constant(3f)).floatValue()
                                + " loader=" + Thread.currentThread().getContextClassLoader().getName();
                    }
                }
                """);
        ClassPathProgram p = ClassPathProgram.load("com.example.MyTraining", dir.toString(), new String[] {"x"});
        p.run(System.out);
        assertEquals("x=5.0 loader=tapedeck-user", p.type().getField("seen").get(null));
    }

    @Test
    void loadsARunnableAndRethrowsWhatTheProgramThrows(@TempDir Path dir) throws Exception {
        compile(dir, "Boom", """
                public class Boom implements Runnable {
                    public void run() { throw new IllegalStateException("boom"); }
                }
                """);
        ClassPathProgram p = ClassPathProgram.load("Boom", dir + File.pathSeparator, new String[0]);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.run(System.out));
        assertEquals("boom", e.getMessage());
    }

    @Test
    void explainsWhatIsMissing(@TempDir Path dir) throws Exception {
        compile(dir, "Plain", "public class Plain {}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClassPathProgram.load("Plain", dir.toString(), new String[0]))
                .getMessage().contains("no public static void main"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClassPathProgram.load("Nope", dir.toString(), new String[0]))
                .getMessage().contains("class Nope not found"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClassPathProgram.load("Plain", dir.resolve("missing").toString(), new String[0]))
                .getMessage().contains("does not exist"));
    }

    @Test
    void theDebugCommandsArgumentsChooseTheProgram(@TempDir Path dir) throws Exception {
        assertEquals(Programs.DEFAULT, Main.debugTarget(new String[0]).name());
        assertEquals("hello", Main.debugTarget(new String[] {"--example", "hello"}).name());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Main.debugTarget(new String[] {"--example", "nope"}))
                .getMessage().contains("no program named 'nope'"));
        assertThrows(IllegalArgumentException.class, () -> Main.debugTarget(new String[] {"--main", "X"}));
        assertThrows(IllegalArgumentException.class, () -> Main.debugTarget(new String[] {"--frobnicate"}));
        compile(dir, "T", "public class T { public static void main(String[] a) {} }");
        assertEquals("T", Main.debugTarget(new String[] {"--main", "T", "--classpath", dir.toString(), "arg"}).name());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(2, Main.run(new String[] {"debug", "--example"}, System.out, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage: tapedeck debug"));
    }
}
