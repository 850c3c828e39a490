package ps.security.boundary;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import ps.security.entity.User;

/** {@code GET /api/me}: who is calling, with which role. */
@Path("me")
@Tag(name = "users")
public class MeResource {
    @Context
    SecurityContext security;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Who is calling, and with which role")
    public JsonObject me() {
        return Json.createObjectBuilder().add("name", security.getUserPrincipal().getName())
                .add("role", security.isUserInRole(User.ADMIN) ? User.ADMIN : User.VIEWER).build();
    }
}
