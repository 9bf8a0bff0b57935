package io.jvswitch.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Compiles and runs docs/examples/EmbeddingExample.java, so the documented example cannot rot. */
class EmbeddingExampleTest {

    @Test
    void documentedEmbeddingExampleRunsAndSwitchesWithinVlans(@TempDir Path out) throws Exception {
        Path src = Path.of("..", "docs", "examples", "EmbeddingExample.java");
        assertTrue(Files.isRegularFile(src), "example at " + src.toAbsolutePath());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-d", out.toString(), "-cp", System.getProperty("java.class.path"),
                src.toString());
        assertEquals(0, rc, "example compiles");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream old = System.out;
        try (URLClassLoader cl = new URLClassLoader(new URL[] {out.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            cl.loadClass("EmbeddingExample").getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(old);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("uplink sent 1 frame(s), first 64 bytes"), text);
        assertTrue(text.contains("vm1 sent 1 frame(s), first 60 bytes"), text);
        assertTrue(text.contains("vm2 sent 1 frame(s), first 60 bytes"), text);
        assertTrue(text.contains("vm3 sent 0 frame(s)"), text);
        assertTrue(text.contains(" port  VLAN  MAC                Age"), text);
        assertTrue(text.contains("10  02:00:00:00:00:01"), text);
        assertTrue(text.contains("10  02:00:00:00:00:02"), text);
    }
}
