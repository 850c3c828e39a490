package ps.neelix.boundary;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import ps.neelix.entity.PingCaller;
import ps.neelix.entity.PingKind;
import ps.neelix.entity.PingReply;
import ps.security.entity.User;

/**
 * Heartbeat pings like Healthchecks.io, at the root (not under /api): {@code GET|POST /ping/{service}}
 * (success), {@code /ping/{service}/start}, {@code /ping/{service}/fail}, {@code /ping/{service}/{exit-code}}.
 * Every ping changes a service's state, so it is authorised by the service's token ({@code ?token=} or
 * header {@code X-PS-Token}) or by a login with the admin role (HTTP Basic or an API token); a viewer's
 * ping without the token is refused with 403, one with neither with 401, and only an admin's ping makes a
 * new service appear. A body up to 10 KB is kept as the ping's message; a larger one is refused with 413.
 * A refused ping changes nothing and is logged once with its reason.
 */
@WebServlet(name = "NeelixPing", urlPatterns = "/ping/*")
public class PingServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger("ps.neelix");
    static final int MAX_BODY = 10 * 1024;
    private static final Pattern SERVICE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}");

    @Inject
    transient Neelix neelix;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ping(request, response);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ping(request, response);
    }

    private void ping(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        String[] parts = request.getPathInfo() == null ? new String[0] : request.getPathInfo().substring(1).split("/", -1);
        if (parts.length < 1 || parts.length > 2 || !SERVICE.matcher(parts[0]).matches()) {
            answer(response, 400, "use /ping/{service}, /ping/{service}/start, /ping/{service}/fail or /ping/{service}/{exit-code};"
                    + " a service id has letters, digits and . _ : - (up to 100)");
            return;
        }
        PingKind kind = PingKind.SUCCESS;
        Integer exitCode = null;
        if (parts.length == 2) {
            if (parts[1].equals("start")) {
                kind = PingKind.START;
            } else if (parts[1].equals("fail")) {
                kind = PingKind.FAIL;
            } else if (parts[1].matches("\\d{1,3}") && Integer.parseInt(parts[1]) <= 255) {
                kind = PingKind.EXIT_CODE;
                exitCode = Integer.parseInt(parts[1]);
            } else {
                answer(response, 400, "'" + parts[1] + "' is not start, fail or an exit code 0..255");
                return;
            }
        }
        if (request.getContentLengthLong() > MAX_BODY) {
            answer(response, 413, "a ping's body may hold up to " + MAX_BODY + " bytes");
            return;
        }
        byte[] body = read(request.getInputStream());
        if (body == null) {
            answer(response, 413, "a ping's body may hold up to " + MAX_BODY + " bytes");
            return;
        }
        String token = request.getHeader("X-PS-Token");
        if (token == null) {
            token = queryParameter(request.getQueryString(), "token");
        }
        PingCaller caller = request.getUserPrincipal() == null ? PingCaller.ANONYMOUS
                : request.isUserInRole(User.ADMIN) ? PingCaller.ADMIN : PingCaller.VIEWER;
        PingReply reply;
        try {
            reply = neelix.ping(parts[0], kind, exitCode, text(request, body), token, caller);
        } catch (IllegalStateException e) {
            answer(response, 503, "neelix is busy, try again: " + e.getMessage());
            return;
        }
        if (!reply.authorised()) {
            LOG.warning("neelix: ping refused (" + reply.status() + "): " + reply.reason() + "; caller "
                    + (caller == PingCaller.ANONYMOUS ? "not logged in" : request.getUserPrincipal().getName() + " (" + caller + ")")
                    + " from " + request.getRemoteAddr());
            if (reply.status() == 401) {
                response.setHeader("WWW-Authenticate", "Basic realm=\"PS\"");
            }
            answer(response, reply.status(), (reply.status() == 401 ? "unauthorised: " : "forbidden: ") + reply.reason()
                    + "; give the service's token (?token= or header X-PS-Token) or log in as an admin");
            return;
        }
        answer(response, 200, "OK");
    }

    /** At most {@link #MAX_BODY} bytes; null when there are more. */
    private static byte[] read(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        int n;
        while ((n = in.read(buffer)) > 0) {
            out.write(buffer, 0, n);
            if (out.size() > MAX_BODY) {
                return null;
            }
        }
        return out.toByteArray();
    }

    private static String text(HttpServletRequest request, byte[] body) {
        if (body.length == 0) {
            return null;
        }
        Charset charset = StandardCharsets.UTF_8;
        try {
            if (request.getCharacterEncoding() != null) {
                charset = Charset.forName(request.getCharacterEncoding());
            }
        } catch (IllegalArgumentException e) {
            // unknown charset: UTF-8
        }
        return new String(body, charset);
    }

    /** Reads one parameter from the query string only (getParameter would consume a form body). */
    static String queryParameter(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
                return equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void answer(HttpServletResponse response, int status, String text) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().println(text);
    }
}
