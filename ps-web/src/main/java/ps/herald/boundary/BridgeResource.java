package ps.herald.boundary;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import ps.bridge.api.BridgeStatus;

/** {@code GET /api/bridge}: each input's listener address and counters since start. */
@Path("bridge")
public class BridgeResource {

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
