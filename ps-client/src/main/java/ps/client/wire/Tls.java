package ps.client.wire;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for PS's clients, from the JDK alone. A client either trusts the JVM's CAs (and then checks the
 * server's host name), or exactly the certificates of one file: PS's own self-signed certificate
 * ({@code tls-cert.pem} in PS's data directory), a CA's, as PEM or DER, or a PKCS12 trust store. With a file,
 * the certificate is pinned: any certificate it signs is accepted, whatever its host name.
 */
public final class Tls {
    private Tls() {
    }

    /** A client connection's TLS: the socket factory and whether host names are checked. */
    public record Client(SSLSocketFactory factory, boolean checkHostName) {
        /** Creates an unconnected TLS socket. */
        public SSLSocket socket() throws IOException {
            SSLSocket socket = (SSLSocket) factory.createSocket();
            if (checkHostName) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                socket.setSSLParameters(parameters);
            }
            return socket;
        }
    }

    /** TLS trusting the JVM's CAs, with host-name checks. */
    public static Client systemTrust() {
        try {
            return new Client(SSLContext.getDefault().getSocketFactory(), true);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM has no default TLS context", e);
        }
    }

    /** TLS trusting only the certificates in {@code file} (PEM, DER, or PKCS12 ending in .p12/.pfx). */
    public static Client trusting(Path file) throws IOException {
        try {
            KeyStore trust;
            String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
            if (name.endsWith(".p12") || name.endsWith(".pfx")) {
                trust = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(file)) {
                    trust.load(in, new char[0]);
                }
            } else {
                trust = KeyStore.getInstance(KeyStore.getDefaultType());
                trust.load(null, null);
                int n = 0;
                for (Certificate certificate : certificates(file)) {
                    trust.setCertificateEntry("trusted-" + n++, certificate);
                }
            }
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers.getTrustManagers(), null);
            return new Client(context.getSocketFactory(), false);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot trust " + file + ": " + e.getMessage(), e);
        }
    }

    /** Every X.509 certificate in a PEM (one or more blocks) or DER file. */
    public static List<Certificate> certificates(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            List<Certificate> certificates = new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
            if (certificates.isEmpty()) {
                throw new IOException("no certificate in " + file);
            }
            return certificates;
        } catch (java.security.cert.CertificateException e) {
            throw new IOException("no certificate readable in " + file + ": " + e.getMessage(), e);
        }
    }
}
