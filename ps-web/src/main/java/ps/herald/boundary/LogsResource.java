package ps.herald.boundary;

import java.time.Instant;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.SecurityContext;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import ps.herald.control.FilterParameters;
import ps.herald.control.LogJson;
import ps.store.boundary.LogStore;
import ps.store.control.LogQuery;
import ps.store.control.SearchTooSlowException;
import ps.store.entity.LogFilter;
import ps.store.entity.LogRow;

/**
 * {@code GET /api/logs}: stored records, filtered and paged (parameters: see {@link FilterParameters});
 * {@code DELETE /api/logs?older_than_days=N}: the admin's clean-up.
 */
@Path("logs")
@Stateless
@Tag(name = "logs", description = "Stored log records")
public class LogsResource {
    @Inject
    LogStore store;

    @Context
    SecurityContext security;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Stored records, newest first, filtered and paged",
            description = "The original console's list parameters work too (system_id, sub_system_id, sub_sub_system_id,"
                    + " produkt_id, user_spec_1, user_spec_2, pattern, starting_at, notify_level, order, num_records;"
                    + " not_selected means no filter). A text finds records holding each of its words in message, logger,"
                    + " module or function (a word ending in * matches word starts); such results come in arrival order.")
    @Parameter(name = "system_id", in = ParameterIn.QUERY, description = "exact system (also sub_system_id,"
            + " sub_sub_system_id, produkt_id, user_spec_1, user_spec_2, package_version, stage)")
    @Parameter(name = "text", in = ParameterIn.QUERY, description = "words that must all occur in message, logger, module or function; word* for word starts (alias pattern)")
    @Parameter(name = "contains", in = ParameterIn.QUERY, description = "text that must occur as it is (any case) in message, logger, module or function, also inside words."
            + " Without a whole word to look up, by time it reads at most the newest (order=asc: oldest) 50,000 records of the range;"
            + " a page it does not fill has searched_to (and searched_to_ms): search on with to= (asc: from= one ms after) it."
            + " Stopped after 10 s (422; setting PS_SEARCH_BUDGET_MS)")
    @Parameter(name = "from", in = ParameterIn.QUERY, description = "ISO-8601 with zone or epoch ms (alias starting_at)")
    @Parameter(name = "to", in = ParameterIn.QUERY, description = "ISO-8601 with zone or epoch ms, exclusive")
    @Parameter(name = "level", in = ParameterIn.QUERY, description = "minimum level, name or number (alias notify_level)")
    @Parameter(name = "order", in = ParameterIn.QUERY, description = "desc (default) or asc")
    @Parameter(name = "sort", in = ParameterIn.QUERY, description = "time (default), level or system; ties by time")
    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "page size 1..500, default 50 (alias num_records);"
            + " a page of very large records may hold fewer")
    @Parameter(name = "offset", in = ParameterIn.QUERY, description = "records to skip, 0..100000")
    public Response logs(@Context UriInfo uri) {
        LogFilter filter;
        try {
            filter = FilterParameters.parse(uri.getQueryParameters());
        } catch (IllegalArgumentException e) {
            JsonObject error = Json.createObjectBuilder().add("error", e.getMessage()).build();
            return Response.status(Response.Status.BAD_REQUEST).entity(error).build();
        }
        JsonArrayBuilder records = Json.createArrayBuilder();
        LogQuery.Page found;
        try {
            found = store.findPage(filter);
        } catch (SearchTooSlowException e) {
            JsonObject error = Json.createObjectBuilder().add("error", e.getMessage()).build();
            return Response.status(422).entity(error).build();
        }
        for (LogRow row : found.rows()) {
            records.add(LogJson.of(row));
        }
        JsonObjectBuilder page = Json.createObjectBuilder()
                .add("limit", filter.limit())
                .add("offset", filter.offset())
                .add("records", records);
        if (!found.complete()) {
            // a substring scan read only the newest (oldest) records of the range: say where to go on from
            page.add("searched_to", Instant.ofEpochMilli(found.searchedTo()).toString())
                    .add("searched_to_ms", found.searchedTo());
        }
        return Response.ok(page.build()).build();
    }

    @DELETE
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Deletes the records older than N days (admin only)")
    public Response deleteOld(@Parameter(description = "days to keep, 1..36500", required = true)
                              @QueryParam("older_than_days") String olderThanDays) {
        if (!security.isUserInRole("admin")) {
            return Response.status(Response.Status.FORBIDDEN)
                    .entity(Json.createObjectBuilder().add("error", "deleting records needs the role admin").build()).build();
        }
        int days;
        try {
            days = FilterParameters.number("older_than_days", olderThanDays == null ? "" : olderThanDays, 1, 36_500);
        } catch (IllegalArgumentException e) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .entity(Json.createObjectBuilder().add("error", e.getMessage()).build()).build();
        }
        long deleted = store.deleteOlderThan(System.currentTimeMillis() - days * 86_400_000L);
        return Response.ok(Json.createObjectBuilder().add("deleted", deleted).add("older_than_days", days).build()).build();
    }
}
