package ps.herald.boundary;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import ps.herald.control.MachineJson;
import ps.store.boundary.LogStore;
import ps.store.control.MachineSteps;
import ps.store.entity.MachineRow;

/** The state machines PS has seen in records (ps.basic.fsm), with their current state and picture. */
@Path("machines")
@Stateless
@Tag(name = "machines", description = "State machines seen in the records: current state, last steps, picture")
public class MachinesResource {
    /** The picture is inert by itself; this keeps it so even if opened on its own: no script, no fetch. */
    static final String SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

    @Inject
    LogStore store;

    @Inject
    MachinePictures pictures;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Every machine (system, name, states, transitions, current state, since, last steps);"
            + " at most " + MachineSteps.MAX_MACHINES)
    public Response list() {
        long now = System.currentTimeMillis();
        JsonArrayBuilder machines = Json.createArrayBuilder();
        for (MachineRow row : store.machines()) {
            machines.add(MachineJson.of(row, "machines/" + segment(row.system()) + "/" + segment(row.name()) + ".svg", now));
        }
        return Response.ok(Json.createObjectBuilder().add("machines", machines).add("limit", MachineSteps.MAX_MACHINES)
                .build()).build();
    }

    @GET
    @Path("{system}/{name}.svg")
    @Produces("image/svg+xml")
    @Operation(summary = "The machine's picture as SVG, its current (or last) state highlighted")
    public Response picture(@PathParam("system") String system, @PathParam("name") String name) {
        for (MachineRow row : store.machines()) {
            if (row.system().equals(system) && row.name().equals(name)) {
                String svg = pictures.svg(row);
                if (svg == null) {
                    return notFound("machine " + name + " of system " + system + " has sent no definition yet");
                }
                return Response.ok(svg, "image/svg+xml; charset=UTF-8")
                        .header("Content-Security-Policy", SVG_POLICY)
                        .header("X-Content-Type-Options", "nosniff")
                        .header("Cache-Control", "no-store")
                        .build();
            }
        }
        return notFound("no machine " + name + " of system " + system);
    }

    private static Response notFound(String message) {
        return Response.status(Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON)
                .entity(Json.createObjectBuilder().add("error", message).build()).build();
    }

    /** A path segment: names may hold any character. */
    private static String segment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
