package ps.launch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * System properties the launcher sets before Micro boots, each only when the operator has not set it
 * (PS_JAVA_OPTS {@code -Dname=value} wins):
 * <ul>
 * <li>{@code javax.net.ssl.trustStore} and {@code javax.net.ssl.keyStore}: Micro's own {@code cacerts.p12} and
 *     {@code keystore.p12}, re-encoded by the build without password-based encryption of the certificates and
 *     without the integrity MAC (ps-dist, {@code ps-cacerts.p12}, {@code ps-keystore.p12}; the private keys stay
 *     encrypted). Micro copies them into its root dir as it does its own. Loading Micro's originals runs
 *     PBKDF2 with 10,000 iterations three times, mostly in the interpreter this early: a sixth of the main
 *     thread's start-up samples (JFR). Their password is Micro's public default, so MAC and encryption
 *     guarded nothing.</li>
 * <li>{@code hazelcast.phone.home.enabled=false}: Micro's embedded Hazelcast would otherwise try to post
 *     usage data to its vendor at start (PS has no business calling out; it also cost start-up CPU).</li>
 * </ul>
 */
final class JvmDefaults {
    static final String TRUST_STORE = "ps-cacerts.p12";
    static final String KEY_STORE = "ps-keystore.p12";
    static final List<String> FILES = List.of(TRUST_STORE, KEY_STORE);

    private JvmDefaults() {
    }

    /** Sets the defaults in {@code properties}; the stores only when they exist in {@code folder}. */
    static void apply(Path folder, Properties properties) {
        Map<String, String> stores = Map.of("javax.net.ssl.trustStore", TRUST_STORE, "javax.net.ssl.keyStore", KEY_STORE);
        stores.forEach((property, file) -> {
            Path store = folder.resolve(file);
            if (properties.getProperty(property) == null && Files.isRegularFile(store)) {
                properties.setProperty(property, store.toAbsolutePath().toString());
            }
        });
        if (properties.getProperty("hazelcast.phone.home.enabled") == null) {
            properties.setProperty("hazelcast.phone.home.enabled", "false");
        }
    }
}
