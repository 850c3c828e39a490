package ps.system;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/**
 * A running PS as a system test sees it, however it was deployed: on Payara Micro ({@link PsServer}, what
 * bin/ps-server runs) or as ps.ear on a Payara Server domain ({@link EarDeployment}). Tests talk to it only
 * over HTTP and its four TCP inputs.
 */
interface PsDeployment extends AutoCloseable {
    HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** An address of its HTTP listener. */
    URI uri(String pathAndQuery);

    int nativePort();

    int picklePort();

    int gelfPort();

    int syslogPort();

    /** Where its SQLite file (ps.sqlite) lives. */
    Path dataDir();

    /** GET as the admin user (HTTP Basic). */
    default HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return send("GET", pathAndQuery, PsServer.admin(), null);
    }

    /** Any request: {@code authorization} (a header value) and a JSON {@code body} when not null. */
    default HttpResponse<String> send(String method, String pathAndQuery, String authorization, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET without credentials. */
    default HttpResponse<String> getAnonymously(String pathAndQuery) throws IOException, InterruptedException {
        return send("GET", pathAndQuery, null, null);
    }

    /** GET /api/logs with the query, which must answer 200, as JSON. */
    default JsonObject logs(String query) throws IOException, InterruptedException {
        HttpResponse<String> response = get("/api/logs?" + query);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /api/logs?" + query + " answered " + response.statusCode()
                    + " " + response.headers().map() + ": " + response.body());
        }
        return Json.createReader(new StringReader(response.body())).readObject();
    }

    /** Ready as PS means it: /health/ready answers 200 and PS's own check is among its checks. */
    default boolean ready() {
        try {
            HttpResponse<String> ready = getAnonymously("/health/ready");
            // Payara answers UP with no checks at all when the application failed to deploy
            return ready.statusCode() == 200 && ready.body().contains("\"name\":\"ps\"");
        } catch (IOException e) {
            return false; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
