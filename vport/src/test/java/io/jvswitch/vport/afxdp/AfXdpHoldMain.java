package io.jvswitch.vport.afxdp;

/**
 * A child process for {@link AfXdpSigkillTest}: opens an AF_XDP port on the interface named by {@code args[0]},
 * prints {@code READY <mode>} and waits to be killed.
 */
public final class AfXdpHoldMain {
    private AfXdpHoldMain() {
    }

    public static void main(String[] args) throws Exception {
        AfXdpPort port = AfXdpPort.open(1, args[0]);
        System.out.println("READY " + port.mode());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
