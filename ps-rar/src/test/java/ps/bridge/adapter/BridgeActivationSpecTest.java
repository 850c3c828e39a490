package ps.bridge.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import ps.bridge.codec.Input;

class BridgeActivationSpecTest {
    @AfterEach
    void clear() {
        for (String key : new String[] {"ps.stage", "ps.bind.address", "ps.pickle.bind.address", "ps.input.memory.mb"}) {
            System.clearProperty(key);
        }
    }

    static Map<Input, String> addresses() {
        BridgeActivationSpec spec = new BridgeActivationSpec();
        spec.setInputs("native,pickle,gelf,syslog");
        return spec.listenerConfigs().stream().collect(Collectors.toMap(ListenerConfig::input, ListenerConfig::bindAddress));
    }

    @Test
    void thePickleInputListensOnLoopbackInProduction() {
        System.setProperty("ps.stage", "PRODUCTION");
        assertEquals(Map.of(Input.NATIVE, "0.0.0.0", Input.PICKLE, "127.0.0.1", Input.GELF, "0.0.0.0",
                Input.SYSLOG, "0.0.0.0"), addresses());
        System.setProperty("ps.pickle.bind.address", "0.0.0.0");
        assertEquals("0.0.0.0", addresses().get(Input.PICKLE), "the setting opens it again");
    }

    @Test
    void otherStagesKeepTheCommonBindAddress() {
        System.setProperty("ps.stage", "INTEGRATION");
        System.setProperty("ps.bind.address", "192.0.2.1");
        assertEquals("192.0.2.1", addresses().get(Input.PICKLE));
        assertEquals("192.0.2.1", addresses().get(Input.NATIVE));
    }

    @Test
    void theInputMemoryBudgetIsASettingInMebibytes() {
        assertEquals(64L << 20, new BridgeActivationSpec().inputBudget().limit());
        System.setProperty("ps.input.memory.mb", "256");
        assertEquals(256L << 20, new BridgeActivationSpec().inputBudget().limit());
        System.setProperty("ps.input.memory.mb", "0");
        assertThrows(IllegalArgumentException.class, () -> new BridgeActivationSpec().inputBudget());
    }
}
