package ps.bridge.adapter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.logging.Logger;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocketFactory;

import ps.client.wire.Tls;

/**
 * The bridge's TLS key and certificate, for the inputs switched to TLS ({@code ps.native.tls},
 * {@code ps.gelf.tls}, {@code ps.syslog.tls}). In this order: a PKCS12 key store given by
 * {@code ps.tls.keystore} (password {@code ps.tls.keystore.password}); a PEM certificate chain and PKCS#8
 * private key given by {@code ps.tls.cert} and {@code ps.tls.key}; else PS's own self-signed certificate,
 * made at the first start by the JDK's {@code keytool} into {@code <data dir>/tls/} (files 0600, directory
 * 0700), with the certificate as {@code tls-cert.pem} for clients to trust. Loaded once per server.
 */
final class ServerTls {
    private static final Logger LOG = Logger.getLogger("ps.bridge");
    private static SSLServerSocketFactory factory;

    private ServerTls() {
    }

    static synchronized SSLServerSocketFactory factory() throws IOException {
        if (factory == null) {
            factory = load();
        }
        return factory;
    }

    static SSLServerSocketFactory load() throws IOException {
        try {
            KeyStore keys;
            char[] password;
            String keystore = Settings.get("ps.tls.keystore", null);
            String cert = Settings.get("ps.tls.cert", null);
            if (keystore != null) {
                password = Settings.get("ps.tls.keystore.password", "").toCharArray();
                keys = pkcs12(Path.of(keystore), password);
            } else if (cert != null) {
                String key = Settings.get("ps.tls.key", null);
                if (key == null) {
                    throw new IOException("setting ps.tls.cert is given without ps.tls.key");
                }
                password = new char[0];
                keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                List<Certificate> chain = Tls.certificates(Path.of(cert));
                keys.setKeyEntry("ps", pemKey(Path.of(key)), password, chain.toArray(Certificate[]::new));
            } else {
                Path dir = Path.of(Settings.get("ps.data.dir", "./data")).toAbsolutePath().normalize().resolve("tls");
                password = ownKeyStore(dir);
                keys = pkcs12(dir.resolve("tls.p12"), password);
            }
            KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            managers.init(keys, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(managers.getKeyManagers(), null, null);
            return context.getServerSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IOException("PS bridge TLS key unusable: " + e.getMessage(), e);
        }
    }

    private static KeyStore pkcs12(Path file, char[] password) throws IOException, GeneralSecurityException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            keys.load(in, password);
        }
        return keys;
    }

    /** A PKCS#8 PEM key ("BEGIN PRIVATE KEY"), RSA or EC. */
    static PrivateKey pemKey(Path file) throws IOException, GeneralSecurityException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new IOException(file + " holds no PKCS#8 key (BEGIN PRIVATE KEY); convert it with"
                    + " 'openssl pkcs8 -topk8 -nocrypt -in key.pem -out key8.pem'");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
        GeneralSecurityException last = null;
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new IOException(file + ": not an RSA, EC or Ed25519 key", last);
    }

    /** Makes PS's own key store at the first start; returns its password (kept in a 0600 file next to it). */
    private static char[] ownKeyStore(Path dir) throws IOException {
        Path store = dir.resolve("tls.p12");
        Path secret = dir.resolve("tls.p12.password");
        Path pem = dir.resolve("tls-cert.pem");
        if (Files.exists(store) && Files.exists(secret)) {
            return Files.readString(secret, StandardCharsets.US_ASCII).trim().toCharArray();
        }
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Files.deleteIfExists(store);
        Files.writeString(secret, password, StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        String host = Settings.get("ps.tls.hostname", hostName());
        keytool("-genkeypair", "-alias", "ps", "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                "-dname", "CN=" + host.replaceAll("[^A-Za-z0-9.-]", "-") + ", O=PS", "-validity", "3650",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1" + (host.equals("localhost") ? "" : ",dns:" + host.replaceAll("[^A-Za-z0-9.-]", "-")),
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", password);
        keytool("-exportcert", "-rfc", "-alias", "ps", "-keystore", store.toString(), "-storepass", password,
                "-file", pem.toString());
        Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(pem, PosixFilePermissions.fromString("rw-------"));
        LOG.info(() -> "PS bridge made its own TLS certificate " + pem + " (clients trust this file)");
        return password.toCharArray();
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getCanonicalHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** Runs the JDK's keytool with arguments (never through a shell). */
    private static void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IOException("keytool could not make PS's TLS certificate: " + output.trim()
                        + " (or give one: PS_TLS_KEYSTORE, or PS_TLS_CERT and PS_TLS_KEY)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while making PS's TLS certificate", e);
        }
    }
}
