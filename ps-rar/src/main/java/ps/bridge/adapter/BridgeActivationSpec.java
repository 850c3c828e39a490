package ps.bridge.adapter;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.Activation;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ResourceAdapter;

import ps.bridge.api.RecordListener;
import ps.bridge.codec.Input;
import ps.client.Stage;

/**
 * What an MDB asks of the bridge: which inputs to listen on. Addresses, ports and limits come from PS's
 * settings (system property {@code ps.native.port} or environment {@code PS_NATIVE_PORT}, and so on; see
 * the README), so one build runs on every stage; {@link #validate()} refuses values that cannot work.
 */
@Activation(messageListeners = RecordListener.class)
public class BridgeActivationSpec implements ActivationSpec {
    /** How long a connection over the memory budget waits for bytes to be stored before it is refused. */
    private static final long BUDGET_WAIT_MILLIS = 1_000;

    private ResourceAdapter resourceAdapter;
    private String inputs = "native";
    private int batchSize = 2_000;

    public String getInputs() {
        return inputs;
    }

    /** Comma-separated input names, e.g. {@code native,pickle}; each can still be disabled by setting. */
    public void setInputs(String inputs) {
        this.inputs = inputs;
    }

    public int getBatchSize() {
        return batchSize;
    }

    /** The most records one connection hands to the MDB at once. */
    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    @Override
    public void validate() throws InvalidPropertyException {
        try {
            listenerConfigs();
            inputBudget();
        } catch (IllegalArgumentException e) {
            throw new InvalidPropertyException(e.getMessage());
        }
    }

    /** The enabled listeners with their resolved settings. */
    List<ListenerConfig> listenerConfigs() {
        if (batchSize < 1 || batchSize > 100_000) {
            throw new IllegalArgumentException("batchSize " + batchSize + " is not in 1..100000");
        }
        Stage stage = Stage.parse(Settings.get("ps.stage", "DEVELOPMENT"));
        String bind = Settings.get("ps.bind.address", "0.0.0.0");
        // default: a 1 MiB message fits, with 64 KiB for the record's other fields and its framing
        int maxRecordBytes = range("ps.max.record.bytes", (1 << 20) + (64 << 10), 1024, 512 << 20);
        int maxConnections = range("ps.max.connections", 128, 1, 10_000);
        int idleSeconds = range("ps.idle.timeout.seconds", 300, 1, 86_400);
        int recordSeconds = range("ps.record.timeout.seconds", 60, 1, 86_400);
        IngestPolicy ingestAuth = IngestPolicy.fromSettings(stage);
        List<ListenerConfig> configs = new ArrayList<>();
        Set<Integer> ports = new HashSet<>();
        for (String name : inputs.split(",")) {
            if (name.isBlank()) {
                continue;
            }
            Input input;
            try {
                input = Input.valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown input '" + name.trim() + "' in inputs=" + inputs);
            }
            if (!Settings.getBoolean("ps." + input.id() + ".enabled", true)) {
                continue;
            }
            int port = range("ps." + input.id() + ".port", input.defaultPort(stage), 1, 65_535);
            if (!ports.add(port)) {
                throw new IllegalArgumentException("port " + port + " is given to two inputs");
            }
            boolean tls = Settings.getBoolean("ps." + input.id() + ".tls", false);
            if (tls && !input.offersTls()) {
                throw new IllegalArgumentException("setting ps." + input.id() + ".tls: the " + input.id()
                        + " input has no TLS (its Python clients speak plain TCP)");
            }
            configs.add(new ListenerConfig(input, bindAddress(input, stage, bind), port, maxRecordBytes, maxConnections,
                    idleSeconds * 1000, recordSeconds * 1000, batchSize, tls, ingestAuth));
        }
        return configs;
    }

    /**
     * Where an input listens: {@code ps.<input>.bind.address}, else {@code ps.bind.address}. The pickle
     * input has no authentication and no TLS, so in PRODUCTION it listens on loopback unless told otherwise
     * (remote Python clients come through an ssh tunnel, as they did to the original).
     */
    private static String bindAddress(Input input, Stage stage, String bind) {
        String fallback = input == Input.PICKLE && stage == Stage.PRODUCTION ? "127.0.0.1" : bind;
        return Settings.get("ps." + input.id() + ".bind.address", fallback);
    }

    /** The memory budget shared by all the inputs' connections: {@code ps.input.memory.mb} MiB. */
    InputBudget inputBudget() {
        int megabytes = range("ps.input.memory.mb", 64, 1, 65_536);
        return new InputBudget(megabytes * 1024L * 1024L, BUDGET_WAIT_MILLIS);
    }

    private static int range(String key, int defaultValue, int min, int max) {
        int value = Settings.getInt(key, defaultValue);
        if (value < min || value > max) {
            throw new IllegalArgumentException("setting " + key + " = " + value + " is not in " + min + ".." + max);
        }
        return value;
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter ra) throws ResourceException {
        this.resourceAdapter = ra;
    }
}
