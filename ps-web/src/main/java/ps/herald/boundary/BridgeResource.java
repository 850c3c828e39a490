package ps.herald.boundary;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import ps.bridge.api.BridgeStatus;
import ps.bridge.boundary.Forwarder;
import ps.security.entity.User;

/**
 * {@code GET /api/bridge}: each input's listener address and counters since start;
 * {@code GET /api/bridge/dead-letters} (admin): the records a forwarding downstream refused.
 */
@Path("bridge")
public class BridgeResource {
    @Inject
    Forwarder forwarder;

    @Context
    SecurityContext security;

    @GET
    @Path("dead-letters")
    @Produces(MediaType.APPLICATION_JSON)
    public Response deadLetters(@QueryParam("limit") @DefaultValue("100") int limit) {
        if (!security.isUserInRole(User.ADMIN)) {
            return error(Response.Status.FORBIDDEN, "this needs the role admin");
        }
        if (limit < 1 || limit > 1000) {
            return error(Response.Status.BAD_REQUEST, "limit must be in 1..1000");
        }
        Forwarder.DeadLetters dead = forwarder.deadLetters(limit);
        JsonArrayBuilder letters = Json.createArrayBuilder();
        for (ps.bridge.control.DeadLetterTable.DeadLetter letter : dead.letters()) {
            JsonObjectBuilder json = Json.createObjectBuilder().add("id", letter.id())
                    .add("downstream", letter.downstream()).add("record_id", letter.rowId())
                    .add("reason", letter.reason()).add("at", java.time.Instant.ofEpochMilli(letter.at()).toString());
            if (letter.systemId() != null) {
                json.add("system_id", letter.systemId());
            }
            if (letter.message() != null) {
                json.add("message", letter.message());
            }
            letters.add(json);
        }
        return Response.ok(Json.createObjectBuilder().add("dead_letters", letters)
                .add("not_forwarded", Json.createObjectBuilder().add("loop", dead.looped())
                        .add("too_many_hops", dead.tooManyHops())).build()).build();
    }

    private static Response error(Response.Status status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Json.createObjectBuilder().add("error", message).build()).build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject status() {
        JsonObjectBuilder listeners = Json.createObjectBuilder();
        BridgeStatus.listeners().forEach(listeners::add);
        JsonObjectBuilder inputs = Json.createObjectBuilder();
        BridgeStatus.allCounters().forEach((input, counters) -> inputs.add(input, Json.createObjectBuilder()
                .add("received", counters.received())
                .add("stored", counters.stored())
                .add("refused_connections", counters.refusedConnections())
                .add("refused_input", counters.refusedInput())));
        return Json.createObjectBuilder().add("listeners", listeners).add("inputs", inputs).build();
    }
}
