package ps.herald.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import ps.herald.control.FilterParameters;
import ps.herald.control.LogJson;
import ps.store.boundary.LogStore;
import ps.store.entity.LogFilter;
import ps.store.entity.LogRow;

/** {@code GET /api/logs}: stored records, filtered and paged (parameters: see {@link FilterParameters}). */
@Path("logs")
@Stateless
public class LogsResource {
    @Inject
    LogStore store;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response logs(@Context UriInfo uri) {
        LogFilter filter;
        try {
            filter = FilterParameters.parse(uri.getQueryParameters());
        } catch (IllegalArgumentException e) {
            JsonObject error = Json.createObjectBuilder().add("error", e.getMessage()).build();
            return Response.status(Response.Status.BAD_REQUEST).entity(error).build();
        }
        JsonArrayBuilder records = Json.createArrayBuilder();
        for (LogRow row : store.find(filter)) {
            records.add(LogJson.of(row));
        }
        JsonObject page = Json.createObjectBuilder()
                .add("limit", filter.limit())
                .add("offset", filter.offset())
                .add("records", records)
                .build();
        return Response.ok(page).build();
    }
}
