package ps.bridge.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;

import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ps.client.wire.Tls;

/** The bridge's own certificate and a given PEM pair, proven by a real TLS handshake on loopback. */
class ServerTlsTest {
    @TempDir
    Path dir;

    @AfterEach
    void clear() {
        for (String key : new String[] {"ps.data.dir", "ps.tls.cert", "ps.tls.key", "ps.tls.keystore"}) {
            System.clearProperty(key);
        }
    }

    @Test
    void makesItsOwnCertificateOncePrivatelyAndClientsTrustingItsFileConnect() throws Exception {
        System.setProperty("ps.data.dir", dir.toString());
        SSLServerSocketFactory first = ServerTls.load();
        Path tls = dir.resolve("tls");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tls)));
        for (String file : new String[] {"tls.p12", "tls.p12.password", "tls-cert.pem"}) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tls.resolve(file))), file);
        }
        byte[] store = Files.readAllBytes(tls.resolve("tls.p12"));
        ServerTls.load();
        assertTrue(java.util.Arrays.equals(store, Files.readAllBytes(tls.resolve("tls.p12"))), "made at the first start only");

        assertEquals("pong", echo(first, Tls.trusting(tls.resolve("tls-cert.pem"))));
    }

    @Test
    void usesAGivenPemCertificateAndPkcs8Key() throws Exception {
        System.setProperty("ps.data.dir", dir.resolve("own").toString());
        ServerTls.load(); // borrow its key pair, written out as PEM files
        Path own = dir.resolve("own/tls");
        KeyStore keys = KeyStore.getInstance("PKCS12");
        char[] password = Files.readString(own.resolve("tls.p12.password")).toCharArray();
        try (InputStream in = Files.newInputStream(own.resolve("tls.p12"))) {
            keys.load(in, password);
        }
        Path key = dir.resolve("key.pem");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(keys.getKey("ps", password).getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        Certificate cert = keys.getCertificate("ps");
        Path pem = dir.resolve("cert.pem");
        Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(cert.getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        System.setProperty("ps.data.dir", dir.resolve("unused").toString());
        System.setProperty("ps.tls.cert", pem.toString());
        System.setProperty("ps.tls.key", key.toString());

        SSLServerSocketFactory given = ServerTls.load();

        assertTrue(Files.notExists(dir.resolve("unused/tls")), "a given certificate makes none of PS's own");
        assertEquals("pong", echo(given, Tls.trusting(pem)));
    }

    private static String echo(SSLServerSocketFactory factory, Tls.Client client) throws Exception {
        try (ServerSocket server = factory.createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread serving = new Thread(() -> {
                try (Socket socket = server.accept()) {
                    socket.getInputStream().read();
                    socket.getOutputStream().write("pong".getBytes());
                } catch (Exception e) {
                    // the client sees it
                }
            });
            serving.start();
            try (SSLSocket socket = client.socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 5_000);
                socket.setSoTimeout(5_000);
                OutputStream out = socket.getOutputStream();
                out.write('p');
                out.flush();
                String answer = new String(socket.getInputStream().readNBytes(4));
                serving.join(5_000);
                return answer;
            }
        }
    }
}
