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
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import ps.security.entity.IngestToken;
import ps.security.entity.User;

/** Ingest tokens of the native input under {@code /api/ingest-tokens}, for admins only. */
@Path("ingest-tokens")
@Stateless
@Tag(name = "ingest-tokens", description = "Tokens native clients send in HELLO (admin)")
@Produces(MediaType.APPLICATION_JSON)
public class IngestTokensResource {
    @Inject
    IngestTokens tokens;

    @Context
    SecurityContext security;

    @GET
    @Operation(summary = "All ingest tokens: ids, labels, bound client ids (never the tokens) (admin)")
    public JsonObject list() {
        requireAdmin();
        JsonArrayBuilder list = Json.createArrayBuilder();
        for (IngestToken token : tokens.list()) {
            list.add(Json.createObjectBuilder().add("id", token.id()).add("label", token.label())
                    .add("created", java.time.Instant.ofEpochMilli(token.created()).toString())
                    .add("clients", token.clients()));
        }
        return Json.createObjectBuilder().add("tokens", list).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Creates an ingest token (admin): {\"label\": \"...\"}; answers the token once")
    public Response create(JsonObject body) {
        requireAdmin();
        try {
            Object label = body == null ? null : body.get("label");
            if (!(label instanceof jakarta.json.JsonString text)) {
                throw new IllegalArgumentException("label must be a string");
            }
            IngestTokens.Created created = tokens.create(text.getString());
            return Response.status(Response.Status.CREATED).entity(Json.createObjectBuilder()
                    .add("id", created.id()).add("token", created.token()).build()).build();
        } catch (IllegalArgumentException e) {
            return UsersResource.error(Response.Status.BAD_REQUEST, e.getMessage());
        }
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Revokes an ingest token and unbinds its client ids (admin)")
    public Response revoke(@PathParam("id") long id) {
        requireAdmin();
        return tokens.revoke(id) ? Response.noContent().build() : UsersResource.error(Response.Status.NOT_FOUND, "no such ingest token");
    }

    private void requireAdmin() {
        if (!security.isUserInRole(User.ADMIN)) {
            throw new ForbiddenException(UsersResource.error(Response.Status.FORBIDDEN, "this needs the role admin"));
        }
    }
}
