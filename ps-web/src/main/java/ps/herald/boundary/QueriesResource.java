package ps.herald.boundary;

import java.util.Locale;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import ps.client.Level;
import ps.client.LogField;
import ps.herald.control.ChartJson;
import ps.herald.control.FilterParameters;
import ps.herald.control.Service;
import ps.store.boundary.LogStore;
import ps.store.entity.LogFilter;

/** The console's other questions as JSON: distinct values, chart series, services. */
@Path("")
@Stateless
@Tag(name = "queries", description = "Distinct values, chart series and services, as the console shows them")
@Produces(MediaType.APPLICATION_JSON)
public class QueriesResource {
    private static final long DAY = 86_400_000L;

    @Inject
    LogStore store;

    @GET
    @Path("values/{field}")
    @Operation(summary = "The distinct values of a filterable field, sorted")
    public Response values(@Parameter(description = "system_id, sub_system_id, sub_sub_system_id, produkt_id,"
            + " user_spec_1, user_spec_2, package_version or stage") @PathParam("field") String field) {
        LogField logField = null;
        for (LogField candidate : LogFilter.ID_FIELDS) {
            if (candidate.column().equals(field)) {
                logField = candidate;
            }
        }
        if (logField == null) {
            return bad("field must be one of system_id, sub_system_id, sub_sub_system_id, produkt_id, user_spec_1,"
                    + " user_spec_2, package_version, stage; not '" + field + "'");
        }
        JsonArrayBuilder values = Json.createArrayBuilder();
        store.values(logField).forEach(values::add);
        return Response.ok(Json.createObjectBuilder().add("field", field).add("values", values).build()).build();
    }

    @GET
    @Path("charts/levels")
    @Operation(summary = "Records per time bucket and level in [from, to) (default: the last 24 h)")
    public Response levels(@QueryParam("from") String from, @QueryParam("to") String to,
                           @Parameter(description = "bucket width in minutes; default: about 120 buckets")
                           @QueryParam("bucket") Integer bucket, @QueryParam("system_id") String system) {
        return chart(from, to, bucket, (start, end, width) -> ChartJson.perLevel(
                store.perLevel(start, end, width, system == null || system.isBlank() ? null : system), start, end, width));
    }

    @GET
    @Path("charts/inputs")
    @Operation(summary = "Records received per time bucket and input (native, gelf, syslog) in [from, to)")
    public Response inputs(@QueryParam("from") String from, @QueryParam("to") String to,
                           @QueryParam("bucket") Integer bucket) {
        return chart(from, to, bucket, (start, end, width) -> ChartJson.perInput(store.perInput(start, end, width),
                start, end, width));
    }

    @GET
    @Path("charts/top-systems")
    @Operation(summary = "The systems with most records at or above a level (default ERROR) in [from, to)")
    public Response topSystems(@QueryParam("from") String from, @QueryParam("to") String to,
                               @QueryParam("level") String level, @QueryParam("limit") Integer limit) {
        try {
            long end = to == null ? System.currentTimeMillis() : FilterParameters.time("to", to);
            long start = from == null ? end - DAY : FilterParameters.time("from", from);
            int min = level == null ? Level.ERROR.number() : Level.parse(level).number();
            int top = limit == null ? 10 : Math.max(1, Math.min(100, limit));
            return Response.ok(ChartJson.totals(store.topSystems(start, end, min, top))).build();
        } catch (IllegalArgumentException e) {
            return bad(e.getMessage());
        }
    }

    @GET
    @Path("services")
    @Operation(summary = "Every system seen: its newest record's time and its versions with first and last time seen")
    public JsonObject services() {
        JsonArrayBuilder list = Json.createArrayBuilder();
        for (Service service : Service.of(store.versions())) {
            JsonArrayBuilder versions = Json.createArrayBuilder();
            for (Service.Version version : service.getVersions()) {
                versions.add(Json.createObjectBuilder().add("version", version.getVersionId())
                        .add("first_seen", version.getFirstSeen()).add("last_seen", version.getLastSeen())
                        .add("records", version.getRecords()));
            }
            list.add(Json.createObjectBuilder().add("system_id", service.getSystemId())
                    .add("newest", service.getNewest()).add("versions", versions));
        }
        return Json.createObjectBuilder().add("services", list).build();
    }

    interface Chart {
        JsonObject draw(long from, long to, int bucketMinutes);
    }

    private Response chart(String from, String to, Integer bucket, Chart chart) {
        try {
            long end = to == null ? System.currentTimeMillis() : FilterParameters.time("to", to);
            long start = from == null ? end - DAY : FilterParameters.time("from", from);
            if (start >= end) {
                return bad("from must be before to");
            }
            int width = bucket == null ? ChartJson.bucketMinutes(start, end) : bucket;
            if (width < 1 || (end - start) / 60_000L / width > 10_000) {
                return bad(String.format(Locale.ROOT, "bucket must be at least 1 minute and give at most 10,000 buckets"));
            }
            return Response.ok(chart.draw(start, end, width)).build();
        } catch (IllegalArgumentException e) {
            return bad(e.getMessage());
        }
    }

    static Response bad(String message) {
        return Response.status(Response.Status.BAD_REQUEST).entity(Json.createObjectBuilder().add("error", message).build())
                .type(MediaType.APPLICATION_JSON).build();
    }

}
