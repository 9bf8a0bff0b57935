package io.jvswitch.control.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import io.jvswitch.vport.netns.NetTopology;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code iperf3} between the namespaces of a {@link SwitchedHosts}: servers ({@code iperf3 -s}, one per port, kept
 * for several tests) and clients ({@code iperf3 -c ... -J}) whose JSON report gives what the receiver counted
 * ({@code end.sum_received}: bytes and seconds as measured by the server). {@link #close()} kills every process it
 * started (deleting a namespace would not), whatever the outcome.
 */
final class Iperf3 implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();

    /** What the receiving end counted; {@code bps} is iperf3's {@code bits_per_second} (payload). */
    record Received(long bytes, double seconds, double bps, long sentBytes) {
        double mbps() {
            return bps / 1e6;
        }

        @Override
        public String toString() {
            return String.format("%.2f Mbit/s received (%d of %d bytes in %.2f s)", mbps(), bytes, sentBytes,
                    seconds);
        }
    }

    /** Starts {@code iperf3 -s} in {@code ns} on {@code ip:port}; returns once it listens. */
    void server(String ns, String ip, int port) throws Exception {
        processes.add(NetTopology.start(List.of("ip", "netns", "exec", ns, "iperf3", "-s", "-B", ip, "-p",
                Integer.toString(port))));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!SwitchedHosts.in(ns, "ss", "-Hltn", "sport = :" + port).isBlank()) {
                return;
            }
            Thread.sleep(50);
        }
        fail("iperf3 server not listening on " + ip + ":" + port + " in " + ns);
    }

    /** Starts {@code iperf3 -c ip -p port -t seconds -J ARGS} in {@code ns}; the receiver's count when it ends. */
    CompletableFuture<Received> client(String ns, String ip, int port, int seconds, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns, "iperf3", "-c", ip, "-p",
                Integer.toString(port), "-t", Integer.toString(seconds), "-J", "--connect-timeout", "3000"));
        cmd.addAll(List.of(args));
        Process p = NetTopology.start(cmd);
        processes.add(p);
        return CompletableFuture.supplyAsync(() -> {
            try {
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(seconds + 30L, TimeUnit.SECONDS)) {
                    throw new IOException("iperf3 " + String.join(" ", cmd) + " did not finish");
                }
                JsonNode r = JsonRpcConnection.JSON.readTree(out);
                JsonNode rx = r.path("end").path("sum_received");
                if (p.exitValue() != 0 || !rx.has("bytes")) {
                    throw new IOException("iperf3 " + String.join(" ", cmd) + " failed (exit " + p.exitValue()
                            + "): " + r.path("error").asText(out));
                }
                return new Received(rx.get("bytes").asLong(), rx.get("seconds").asDouble(),
                        rx.get("bits_per_second").asDouble(), r.path("end").path("sum_sent").path("bytes").asLong());
            } catch (IOException | InterruptedException e) {
                throw new CompletionException(e);
            }
        });
    }

    /** {@link #client} waited for. */
    Received run(String ns, String ip, int port, int seconds, String... args) throws Exception {
        return await(client(ns, ip, port, seconds, args));
    }

    static Received await(CompletableFuture<Received> f) throws Exception {
        try {
            return f.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        }
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.destroyForcibly();
        }
        for (Process p : processes) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
