package ps.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JvmDefaultsTest {

    @Test
    void theStoresBesideTheLauncherAreUsedAndPhoneHomeIsOff(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve(JvmDefaults.TRUST_STORE), "x");
        Files.writeString(folder.resolve(JvmDefaults.KEY_STORE), "x");
        Properties properties = new Properties();
        JvmDefaults.apply(folder, properties);
        assertEquals(folder.resolve("ps-cacerts.p12").toString(), properties.getProperty("javax.net.ssl.trustStore"));
        assertEquals(folder.resolve("ps-keystore.p12").toString(), properties.getProperty("javax.net.ssl.keyStore"));
        assertEquals("false", properties.getProperty("hazelcast.phone.home.enabled"));
    }

    @Test
    void whatTheOperatorSetIsKeptAndAMissingStoreIsNotNamed(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve(JvmDefaults.TRUST_STORE), "x");
        Properties properties = new Properties();
        properties.setProperty("javax.net.ssl.trustStore", "/etc/own-trust.p12");
        properties.setProperty("hazelcast.phone.home.enabled", "true");
        JvmDefaults.apply(folder, properties);
        assertEquals("/etc/own-trust.p12", properties.getProperty("javax.net.ssl.trustStore"));
        assertNull(properties.getProperty("javax.net.ssl.keyStore"), "no ps-keystore.p12 in the folder: Micro's own");
        assertEquals("true", properties.getProperty("hazelcast.phone.home.enabled"));
    }
}
