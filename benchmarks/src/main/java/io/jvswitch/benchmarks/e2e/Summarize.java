package io.jvswitch.benchmarks.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Turns an end-to-end results directory ({@code benchmarks/e2e/run.sh}: {@code runs.csv}, {@code env.txt},
 * {@code gc/<peer>/gc.log}) into the markdown summary: per peer and flow count the median, min and max forwarded
 * rate over the measured runs, the offered rate, CPU busy, the forwarding thread's user time per packet, and both as
 * ratios to {@code ovs_xdp}; then the GC run (pauses found in the GC log). Runs that did not measure (unsupported
 * peer, failed generator) are listed with their reason, never counted as zero.
 */
public final class Summarize {
    static final String BASELINE = "ovs_xdp";
    private static final Pattern GC_PAUSE = Pattern.compile("GC\\((\\d+)\\) Pause");

    private Summarize() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: Summarize RESULTS_DIR");
            System.exit(2);
        }
        System.out.print(summarize(Path.of(args[0])));
    }

    /** One row of runs.csv, by column name. */
    record Run(Map<String, String> cols) {
        String get(String k) {
            return cols.getOrDefault(k, "");
        }

        double num(String k) {
            String v = get(k);
            return v.isEmpty() || v.equals("-") ? Double.NaN : Double.parseDouble(v);
        }
    }

    static String summarize(Path dir) throws IOException {
        List<Run> runs = parse(Files.readAllLines(dir.resolve("runs.csv")));
        StringBuilder md = new StringBuilder();
        md.append("# End-to-end on veth: ").append(dir.getFileName()).append("\n\n");
        Path env = dir.resolve("env.txt");
        if (Files.exists(env)) {
            md.append("```\n").append(Files.readString(env).strip()).append("\n```\n\n");
        }
        md.append(table(runs)).append('\n');
        md.append(gc(dir, runs));
        return md.toString();
    }

    static List<Run> parse(List<String> lines) {
        List<Run> out = new ArrayList<>();
        if (lines.isEmpty()) {
            return out;
        }
        List<String> header = fields(lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            List<String> f = fields(line);
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < header.size() && i < f.size(); i++) {
                m.put(header.get(i), f.get(i));
            }
            out.add(new Run(m));
        }
        return out;
    }

    private static List<String> fields(String line) {
        List<String> f = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                f.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        f.add(cur.toString());
        return f;
    }

    /** Median, min and max of the finite values (NaN when none). */
    record Stat(double median, double min, double max, int n) {
        static Stat of(double[] v) {
            double[] s = Arrays.stream(v).filter(Double::isFinite).sorted().toArray();
            if (s.length == 0) {
                return new Stat(Double.NaN, Double.NaN, Double.NaN, 0);
            }
            int m = s.length / 2;
            double med = s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
            return new Stat(med, s[0], s[s.length - 1], s.length);
        }
    }

    static Stat stat(List<Run> runs, String peer, String flows, String col) {
        return Stat.of(runs.stream().filter(r -> r.get("peer").equals(peer) && r.get("flows").equals(flows)
            && r.get("status").equals("ok")).mapToDouble(r -> r.num(col)).toArray());
    }

    private static String table(List<Run> runs) {
        List<Run> measured = runs.stream().filter(r -> !r.get("peer").equals("gc")).toList();
        List<String> peers = measured.stream().map(r -> r.get("peer")).distinct().toList();
        TreeSet<Integer> flowSet = new TreeSet<>();
        measured.forEach(r -> flowSet.add(Integer.parseInt(r.get("flows"))));
        List<String> flows = flowSet.stream().map(String::valueOf).toList();
        String fl = String.join(" / ", flows);

        StringBuilder t = new StringBuilder();
        t.append("Values are median (min–max) over the measured runs; kpps = thousand frames per second.\n\n");
        t.append("| peer |");
        flows.forEach(f -> t.append(" fwd kpps, ").append(f).append(f.equals("1") ? " flow |" : " flows |"));
        t.append(" offered kpps (").append(fl).append(") | CPU0/CPU1 busy % (").append(String.join("; ", flows))
            .append(") | thread | thread user ns/pkt (").append(fl)
            .append(") | fwd ÷ ").append(BASELINE).append(" (").append(fl).append(") | user ns/pkt ÷ ").append(BASELINE)
            .append(" (").append(fl).append(") | OVS cycles/pkt | runs (noisy) |\n|---|");
        flows.forEach(f -> t.append("---|"));
        t.append("---|---|---|---|---|---|---|---|\n");
        List<String> notRun = new ArrayList<>();
        for (String p : peers) {
            boolean any = runs.stream().anyMatch(r -> r.get("peer").equals(p) && r.get("status").equals("ok"));
            runs.stream().filter(r -> r.get("peer").equals(p) && !r.get("status").equals("ok"))
                .map(r -> p + ", " + r.get("flows") + " flow(s), rep " + r.get("rep") + ": " + r.get("status") + " — "
                    + r.get("note"))
                .distinct().forEach(notRun::add);
            if (!any) {
                continue;
            }
            t.append("| ").append(p).append(" |");
            for (String f : flows) {
                t.append(' ').append(kpps(stat(runs, p, f, "fwd_pps"))).append(" |");
            }
            t.append(' ').append(join(flows, f -> k(stat(runs, p, f, "offered_pps").median()))).append(" |");
            t.append(' ').append(String.join("; ", flows.stream().map(f -> fmt(stat(runs, p, f, "cpu0_pct").median(), 0)
                + "/" + fmt(stat(runs, p, f, "cpu1_pct").median(), 0)).toList())).append(" |");
            t.append(' ').append(runs.stream().filter(r -> r.get("peer").equals(p) && r.get("status").equals("ok"))
                .map(r -> r.get("thread")).filter(s -> !s.isEmpty() && !s.equals("-")).findFirst().orElse("–"))
                .append(" |");
            t.append(' ').append(join(flows, f -> fmt(stat(runs, p, f, "thread_utime_ns_per_pkt").median(), 1)))
                .append(" |");
            t.append(' ').append(join(flows, f -> ratio(stat(runs, p, f, "fwd_pps").median(),
                stat(runs, BASELINE, f, "fwd_pps").median()))).append(" |");
            t.append(' ').append(join(flows, f -> ratio(stat(runs, p, f, "thread_utime_ns_per_pkt").median(),
                stat(runs, BASELINE, f, "thread_utime_ns_per_pkt").median()))).append(" |");
            t.append(' ').append(join(flows, f -> fmt(stat(runs, p, f, "ovs_cycles_per_pkt").median(), 0)))
                .append(" |");
            long ok = runs.stream().filter(r -> r.get("peer").equals(p) && r.get("status").equals("ok")).count();
            long noisy = runs.stream().filter(r -> r.get("peer").equals(p) && r.get("status").equals("ok")
                && r.get("noisy").equals("1")).count();
            t.append(' ').append(ok).append(" (").append(noisy).append(") |\n");
        }
        if (!notRun.isEmpty()) {
            t.append("\nNot measured:\n\n");
            notRun.forEach(n -> t.append("- ").append(n).append('\n'));
        }
        return t.toString();
    }

    private static String gc(Path dir, List<Run> runs) throws IOException {
        Path gcDir = dir.resolve("gc");
        if (!Files.isDirectory(gcDir)) {
            return "";
        }
        StringBuilder s = new StringBuilder("## GC run\n\n");
        runs.stream().filter(r -> r.get("peer").equals("gc")).forEach(r -> s.append("- ").append(r.get("status"))
            .append(": ").append(r.get("note"))
            .append(r.get("status").equals("ok") ? "; " + k(r.num("fwd_pps")) + " kpps forwarded" : "").append('\n'));
        try (Stream<Path> logs = Files.walk(gcDir)) {
            // Only the logs of GC runs that measured (a port type that did not open leaves a log of a JVM that
            // forwarded nothing).
            List<String> measured = runs.stream()
                .filter(r -> r.get("peer").equals("gc") && r.get("status").equals("ok"))
                .map(r -> r.get("note")).toList();
            for (Path log : logs.filter(p -> p.getFileName().toString().equals("gc.log")).sorted()
                .filter(p -> measured.stream().anyMatch(n -> n.startsWith(p.getParent().getFileName() + ":")))
                .toList()) {
                Map<String, Integer> pauses = new HashMap<>();
                for (String line : Files.readAllLines(log)) {
                    Matcher m = GC_PAUSE.matcher(line);
                    if (m.find()) {
                        pauses.merge(m.group(1), 1, Integer::sum);
                    }
                }
                s.append("- ").append(dir.relativize(log)).append(": ").append(pauses.size())
                    .append(pauses.size() == 1 ? " GC pause" : " GC pauses").append(" in the whole log")
                    .append(pauses.isEmpty() ? "" : " (see the log for when: JVM start-up or traffic)").append('\n');
            }
        }
        return s.toString();
    }

    private interface F {
        String of(String flows);
    }

    private static String join(List<String> flows, F f) {
        return String.join(" / ", flows.stream().map(f::of).toList());
    }

    private static String kpps(Stat s) {
        if (s.n() == 0) {
            return "–";
        }
        return "**" + k(s.median()) + "** (" + k(s.min()) + "–" + k(s.max()) + ")";
    }

    private static String k(double pps) {
        return Double.isFinite(pps) ? String.format(Locale.ROOT, "%.0f", pps / 1000) : "–";
    }

    private static String fmt(double v, int decimals) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : "–";
    }

    private static String ratio(double a, double b) {
        return Double.isFinite(a) && Double.isFinite(b) && b != 0 ? String.format(Locale.ROOT, "%.2f×", a / b) : "–";
    }
}
