package ps.security.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import ps.security.entity.ApiToken;
import ps.security.entity.User;

/**
 * Users and their API tokens under {@code /api/users}, for admins only.
 * Bodies are JSON: {@code {"name": "...", "role": "viewer|admin", "password": "..."}}.
 */
@Path("users")
@Stateless
@Tag(name = "users", description = "Users of console and API, and their tokens (admin)")
@Produces(MediaType.APPLICATION_JSON)
public class UsersResource {
    @Inject
    Users users;

    @Context
    SecurityContext security;

    @GET
    @Operation(summary = "All users (admin)")
    public JsonObject list() {
        requireAdmin();
        JsonArrayBuilder list = Json.createArrayBuilder();
        users.list().forEach(user -> list.add(json(user)));
        return Json.createObjectBuilder().add("users", list).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Creates a user (admin): name, role viewer or admin, password of 8+ characters")
    public Response create(JsonObject body) {
        requireAdmin();
        try {
            User user = users.create(string(body, "name"), string(body, "role"), string(body, "password"));
            return Response.status(Response.Status.CREATED).entity(json(user)).build();
        } catch (IllegalArgumentException e) {
            return error(Response.Status.BAD_REQUEST, e.getMessage());
        }
    }

    @PUT
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Changes a user's role and/or password (admin)")
    public Response update(@PathParam("name") String name, JsonObject body) {
        requireAdmin();
        try {
            if (!users.update(name, string(body, "role"), string(body, "password"))) {
                return error(Response.Status.NOT_FOUND, "no user " + name);
            }
            return Response.ok(json(users.find(name).orElseThrow())).build();
        } catch (IllegalArgumentException e) {
            return error(Response.Status.BAD_REQUEST, e.getMessage());
        }
    }

    @DELETE
    @Path("{name}")
    @Operation(summary = "Deletes a user and their tokens (admin); the last admin stays")
    public Response delete(@PathParam("name") String name) {
        requireAdmin();
        try {
            return users.delete(name) ? Response.noContent().build() : error(Response.Status.NOT_FOUND, "no user " + name);
        } catch (IllegalArgumentException e) {
            return error(Response.Status.CONFLICT, e.getMessage());
        }
    }

    @GET
    @Path("{name}/tokens")
    @Operation(summary = "A user's API tokens, without the tokens themselves (admin)")
    public JsonObject tokens(@PathParam("name") String name) {
        requireAdmin();
        JsonArrayBuilder list = Json.createArrayBuilder();
        for (ApiToken token : users.tokens(name)) {
            list.add(Json.createObjectBuilder().add("id", token.getId()).add("label", token.getLabel())
                    .add("created", java.time.Instant.ofEpochMilli(token.getCreated()).toString()));
        }
        return Json.createObjectBuilder().add("tokens", list).build();
    }

    @POST
    @Path("{name}/tokens")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Creates an API token for the user (admin); the answer holds the token, shown only this once."
            + " Send it as 'Authorization: Bearer <token>'.")
    public Response createToken(@PathParam("name") String name, JsonObject body) {
        requireAdmin();
        try {
            String token = users.createToken(name, body == null ? null : string(body, "label"));
            return Response.status(Response.Status.CREATED)
                    .entity(Json.createObjectBuilder().add("user", name).add("token", token).build()).build();
        } catch (IllegalArgumentException e) {
            return error(Response.Status.NOT_FOUND, e.getMessage());
        }
    }

    @DELETE
    @Path("{name}/tokens/{id}")
    @Operation(summary = "Revokes an API token (admin)")
    public Response deleteToken(@PathParam("name") String name, @PathParam("id") long id) {
        requireAdmin();
        return users.deleteToken(name, id) ? Response.noContent().build() : error(Response.Status.NOT_FOUND, "no such token");
    }

    private void requireAdmin() {
        if (!security.isUserInRole(User.ADMIN)) {
            throw new ForbiddenException(error(Response.Status.FORBIDDEN, "this needs the role admin"));
        }
    }

    private static String string(JsonObject body, String key) {
        if (body == null || !body.containsKey(key) || body.isNull(key)) {
            return null;
        }
        try {
            return body.getString(key);
        } catch (ClassCastException e) {
            throw new IllegalArgumentException(key + " must be a string");
        }
    }

    private static JsonObject json(User user) {
        return Json.createObjectBuilder().add("name", user.getName()).add("role", user.getRole())
                .add("created", java.time.Instant.ofEpochMilli(user.getCreated()).toString())
                .add("updated", java.time.Instant.ofEpochMilli(user.getUpdated()).toString()).build();
    }

    static Response error(Response.Status status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Json.createObjectBuilder().add("error", message).build()).build();
    }
}
