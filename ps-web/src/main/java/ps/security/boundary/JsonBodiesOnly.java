package ps.security.boundary;

import jakarta.json.Json;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Cross-site request forgery guard of the REST API: a POST, PUT or PATCH must say
 * {@code Content-Type: application/json} (a body or not), else 415. A page on another site can make a
 * browser send a form ({@code application/x-www-form-urlencoded}, {@code multipart/form-data},
 * {@code text/plain}) with the user's cookies or cached Basic credentials, but not a JSON request without a
 * CORS preflight, which PS never grants. A DELETE with a body must be JSON too; one without a body needs
 * nothing, since browsers always preflight a cross-site DELETE.
 */
@Provider
@PreMatching
public class JsonBodiesOnly implements ContainerRequestFilter {
    @Override
    public void filter(ContainerRequestContext request) {
        String method = request.getMethod();
        boolean writes = "POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method);
        boolean deletes = "DELETE".equals(method);
        if (!writes && !deletes) {
            return;
        }
        MediaType type = request.getMediaType();
        if (type == null && deletes) {
            return;
        }
        if (type == null || !isJson(type)) {
            request.abortWith(Response.status(Response.Status.UNSUPPORTED_MEDIA_TYPE).type(MediaType.APPLICATION_JSON)
                    .entity(Json.createObjectBuilder().add("error", method + " requests of the API need"
                            + " Content-Type: application/json" + (type == null ? "" : ", not " + type.getType() + "/"
                            + type.getSubtype())).build()).build());
        }
    }

    private static boolean isJson(MediaType type) {
        return "application".equalsIgnoreCase(type.getType())
                && ("json".equalsIgnoreCase(type.getSubtype()) || type.getSubtype().toLowerCase(java.util.Locale.ROOT).endsWith("+json"));
    }
}
