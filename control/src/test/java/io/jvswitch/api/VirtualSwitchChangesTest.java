package io.jvswitch.api;

import io.jvswitch.control.model.SwitchConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The embedding API's one-step changes keep the rest of the configuration, the switch-wide other_config too. */
class VirtualSwitchChangesTest {
    @Test
    void addingAndRemovingKeepsTheSwitchWideSettings() {
        try (VirtualSwitch sw = VirtualSwitch.builder().backoff().build()) {
            Map<String, String> pmd = Map.of("pmd-idle", "backoff");
            sw.apply(new SwitchConfig(List.of(), pmd));
            sw.addBridge("br0");
            sw.addPort("br0", PortSpec.dummy("p1"));
            sw.modifyPort("br0", PortSpec.dummy("p1").access(10));
            sw.removePort("br0", "p1");
            sw.addBridge("br1");
            sw.removeBridge("br1");
            assertEquals(pmd, sw.config().otherConfig());
        }
    }
}
