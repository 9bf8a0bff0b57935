package io.jvswitch.control.bridge;

/** The counters {@code ovs-appctl fdb/stats-show} prints (OVS {@code struct mac_learning} totals). */
public record MacLearningStats(int current, int max, int staticEntries, long learned, long expired, long evicted,
                               long moved) {
    /** The text of {@code fdb/stats-show br} (OVS 3.1 {@code ofproto_unixctl_fdb_stats_show}). */
    public String format(String bridge) {
        return "Statistics for bridge \"" + bridge + "\":\n"
                + "  Current/maximum MAC entries in the table: " + current + "/" + max + "\n"
                + "  Current static MAC entries in the table : " + staticEntries + "\n"
                + "  Total number of learned MAC entries     : " + learned + "\n"
                + "  Total number of expired MAC entries     : " + expired + "\n"
                + "  Total number of evicted MAC entries     : " + evicted + "\n"
                + "  Total number of port moved MAC entries  : " + moved + "\n";
    }
}
