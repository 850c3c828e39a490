package ps.client;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar ps-client.jar --run JOB [--param k=v ...] [--wait]}: starts a run of a PS batch job over
 * the REST API and, with {@code --wait}, waits for its end and prints its output. Exit code: 0 when the run
 * completed (or, without --wait, was started), 1 when it failed, was stopped, skipped or could not be
 * started, 2 for a usage error, 3 when PS could not be reached.
 */
final class JobCli {
    static final String USAGE = String.join("\n",
            "usage: java -jar ps-client.jar --run JOB [options]",
            "  --param NAME=VALUE     a run parameter (repeatable)",
            "  --wait                 wait for the run's end, print its output, exit with its outcome",
            "  --url URL              PS's web address (default PS_URL or http://localhost:8080)",
            "  --user NAME            user with the admin role (default PS_USER or admin)",
            "  --password PASSWORD    its password (default PS_PASSWORD)",
            "  --token TOKEN          an API token instead of user and password (default PS_TOKEN)",
            "  --timeout SECONDS      longest wait with --wait (default: none)",
            "  --quiet                do not print the run's output");
    private static final Pattern NUMBER = Pattern.compile("\"%s\"\\s*:\\s*(-?\\d+)");
    private static final Pattern TEXT = Pattern.compile("\"%s\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private JobCli() {
    }

    static boolean wanted(String[] args) {
        for (String arg : args) {
            if (arg.equals("--run")) {
                return true;
            }
        }
        return false;
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String job = null;
        Map<String, String> parameters = new LinkedHashMap<>();
        boolean wait = false;
        boolean quiet = false;
        String url = env("PS_URL", "http://localhost:8080");
        String user = env("PS_USER", "admin");
        String password = System.getenv("PS_PASSWORD");
        String token = System.getenv("PS_TOKEN");
        Long timeoutSeconds = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--wait")) {
                    wait = true;
                    continue;
                }
                if (arg.equals("--quiet")) {
                    quiet = true;
                    continue;
                }
                if (arg.equals("--help")) {
                    err.println(USAGE);
                    return 2;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(arg + " needs a value");
                }
                String value = args[++i];
                switch (arg) {
                    case "--run": job = value; break;
                    case "--param":
                        int eq = value.indexOf('=');
                        if (eq < 1) {
                            throw new IllegalArgumentException("--param wants NAME=VALUE, not '" + value + "'");
                        }
                        parameters.put(value.substring(0, eq), value.substring(eq + 1));
                        break;
                    case "--url": url = value; break;
                    case "--user": user = value; break;
                    case "--password": password = value; break;
                    case "--token": token = value; break;
                    case "--timeout": timeoutSeconds = Long.parseLong(value); break;
                    default: throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            if (job == null || job.isBlank()) {
                throw new IllegalArgumentException("--run needs a job name");
            }
            if (token == null && password == null) {
                throw new IllegalArgumentException("give --password (or PS_PASSWORD) or --token (or PS_TOKEN)");
            }
        } catch (IllegalArgumentException e) {
            err.println("ps-client: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        String authorization = token != null ? "Bearer " + token
                : "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        String base = url.replaceAll("/+$", "") + "/api/jobs/" + URLEncoder.encode(job, StandardCharsets.UTF_8).replace("+", "%20");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(base + "/runs"))
                    .timeout(Duration.ofSeconds(60))
                    .header("Authorization", authorization)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json(parameters))).build(), HttpResponse.BodyHandlers.ofString());
            if (started.statusCode() != 201) {
                err.println("ps-client: job " + job + " not started: HTTP " + started.statusCode() + " "
                        + text(started.body(), "error", started.body()));
                return 1;
            }
            long id = number(started.body(), "id");
            err.println("ps-client: job " + job + " run " + id + " started");
            if (!wait) {
                return 0;
            }
            long deadline = timeoutSeconds == null ? Long.MAX_VALUE : System.nanoTime() + timeoutSeconds * 1_000_000_000L;
            String body;
            while (true) {
                HttpResponse<String> state = http.send(HttpRequest.newBuilder(URI.create(base + "/runs/" + id))
                        .timeout(Duration.ofSeconds(30)).header("Authorization", authorization).build(),
                        HttpResponse.BodyHandlers.ofString());
                body = state.body();
                if (state.statusCode() == 200 && body.contains("\"running\":false")) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    err.println("ps-client: run " + id + " still running after " + timeoutSeconds + " s");
                    return 1;
                }
                Thread.sleep(500);
            }
            if (!quiet) {
                HttpResponse<String> output = http.send(HttpRequest.newBuilder(URI.create(base + "/runs/" + id + "/output"))
                        .timeout(Duration.ofSeconds(30)).header("Authorization", authorization).build(),
                        HttpResponse.BodyHandlers.ofString());
                Matcher message = Pattern.compile(String.format(TEXT.pattern(), "message")).matcher(
                        output.body().substring(Math.max(0, output.body().indexOf("\"records\""))));
                while (message.find()) {
                    out.println(unescape(message.group(1)));
                }
            }
            String status = text(body, "status", "?");
            String exitStatus = text(body, "exitStatus", "");
            err.println("ps-client: job " + job + " run " + id + " " + status + (exitStatus.isEmpty() ? "" : " (" + exitStatus + ")"));
            return status.equals("COMPLETED") ? 0 : 1;
        } catch (IOException e) {
            err.println("ps-client: PS at " + url + " cannot be reached: " + e);
            return 3;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    static String json(Map<String, String> values) {
        StringBuilder json = new StringBuilder("{");
        values.forEach((key, value) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append(quote(key)).append(':').append(quote(value));
        });
        return json.append('}').toString();
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"': quoted.append("\\\""); break;
                case '\\': quoted.append("\\\\"); break;
                case '\n': quoted.append("\\n"); break;
                case '\r': quoted.append("\\r"); break;
                case '\t': quoted.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
            }
        }
        return quoted.append('"').toString();
    }

    private static long number(String json, String key) {
        Matcher matcher = Pattern.compile(String.format(NUMBER.pattern(), key)).matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + key + " in " + json);
        }
        return Long.parseLong(matcher.group(1));
    }

    private static String text(String json, String key, String fallback) {
        Matcher matcher = Pattern.compile(String.format(TEXT.pattern(), key)).matcher(json);
        return matcher.find() ? unescape(matcher.group(1)) : fallback;
    }

    static String unescape(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\' || i + 1 >= text.length()) {
                out.append(c);
                continue;
            }
            char next = text.charAt(++i);
            switch (next) {
                case 'n': out.append('\n'); break;
                case 't': out.append('\t'); break;
                case 'r': out.append('\r'); break;
                case 'b': out.append('\b'); break;
                case 'f': out.append('\f'); break;
                case 'u':
                    out.append((char) Integer.parseInt(text.substring(i + 1, i + 5), 16));
                    i += 4;
                    break;
                default: out.append(next);
            }
        }
        return out.toString();
    }
}
