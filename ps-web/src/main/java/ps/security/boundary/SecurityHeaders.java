package ps.security.boundary;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Headers every answer carries: no framing (clickjacking), no content sniffing, no referrer to other sites.
 * Console pages get their Content-Security-Policy from PrimeFaces (web.xml {@code primefaces.CSP}, with a
 * fresh script nonce per page); everything else, the API's JSON first, the strictest one.
 */
@WebFilter(filterName = "securityHeaders", urlPatterns = "/*")
public class SecurityHeaders extends HttpFilter {
    private static final long serialVersionUID = 1L;
    /** For answers that are no console page: nothing runs, nothing loads, nothing frames them. */
    static final String STRICT_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.equals("/api") || path.startsWith("/api/") || path.startsWith("/health") || path.startsWith("/openapi")) {
            response.setHeader("Content-Security-Policy", STRICT_POLICY);
            response.setHeader("Cache-Control", "no-store");
        }
        chain.doFilter(request, response);
    }
}
