package io.jvswitch.control.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class MainTest {
    @Test
    void unknownSubcommandIsAUsageError() {
        assertEquals(2, Main.run("no-such-command"));
    }

    @Test
    void parsePcapWithoutFileIsAUsageError() {
        assertEquals(2, Main.run("parse-pcap"));
    }

    @Test
    void parsePcapOfAMissingFileFailsWithOvsExitCode() {
        assertEquals(2, Main.run("parse-pcap", "/nonexistent/file.pcap"));
    }

    @Test
    void demoRejectsBadArguments() {
        assertEquals(2, Main.run("demo", "--emc-insert-inv-prob", "-1"));
        assertEquals(2, Main.run("demo", "--emc-insert-inv-prob", "many"));
        assertEquals(2, Main.run("demo", "/nonexistent/capture.pcap"));
    }

    @Test
    void demoOnTheBundledCaptureSucceeds() {
        assertEquals(0, Main.run("demo", "--in-memory", "--flows", "1"));
    }

    @Test
    void demoOnAFileThatIsNotACaptureFailsCleanly() throws Exception {
        java.nio.file.Path f = java.nio.file.Files.createTempFile("not-a-capture", ".pcap");
        try {
            java.nio.file.Files.writeString(f, "hello");
            assertNotEquals(0, Main.run("demo", f.toString()));
        } finally {
            java.nio.file.Files.deleteIfExists(f);
        }
    }

    @Test
    void runWithoutConfigOrWithABadOneIsAUsageError() throws Exception {
        assertEquals(2, Main.run("run"));
        assertEquals(2, Main.run("run", "--config", "/nonexistent/switch.json"));
        java.nio.file.Path f = java.nio.file.Files.createTempFile("bad-config", ".json");
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        try {
            java.nio.file.Files.writeString(f, "{ \"bridges\": [ { \"name\": \"br0\",\n  \"ports\": [ { \"name\": "
                    + "\"p1\", \"tag\": 5000 } ] } ] }\n");
            System.setErr(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(2, Main.run("run", "--config", f.toString()));
        } finally {
            System.setErr(err);
            java.nio.file.Files.deleteIfExists(f);
        }
        String msg = buf.toString(java.nio.charset.StandardCharsets.UTF_8);
        org.junit.jupiter.api.Assertions.assertTrue(msg.contains(f + ":2:"), msg);
    }
}
