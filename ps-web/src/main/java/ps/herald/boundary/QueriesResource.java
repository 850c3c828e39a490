package ps.herald.boundary;

import java.util.List;
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
    private static final int MAX_VALUES = LogStore.MAX_VALUES - 1;
    /** A year: wider buckets say nothing a chart could show. */
    private static final int MAX_BUCKET_MINUTES = 525_600;

    @Inject
    LogStore store;

    @GET
    @Path("values/{field}")
    @Operation(summary = "Distinct values of a filterable field starting with a prefix, sorted; at most limit of them")
    public Response values(@Parameter(description = "system_id, sub_system_id, sub_sub_system_id, produkt_id,"
            + " user_spec_1, user_spec_2, package_version or stage") @PathParam("field") String field,
                           @Parameter(description = "the values' start (case matters); default: all")
                           @QueryParam("prefix") String prefix,
                           @Parameter(description = "how many, 1.." + MAX_VALUES + ", default 100")
                           @QueryParam("limit") String limit) {
        LogField logField = null;
        for (LogField candidate : LogFilter.ID_FIELDS) {
            if (candidate.column().equals(field)) {
                logField = candidate;
            }
        }
        if (logField == null) {
            return bad("field must be one of system_id, sub_system_id, sub_sub_system_id, produkt_id, user_spec_1,"
                    + " user_spec_2, package_version, stage");
        }
        try {
            int count = limit == null ? 100 : FilterParameters.number("limit", limit, 1, MAX_VALUES);
            if (prefix != null && prefix.length() > LogFilter.MAX_TEXT) {
                return bad("parameter prefix has " + prefix.length() + " characters; at most " + LogFilter.MAX_TEXT);
            }
            JsonArrayBuilder values = Json.createArrayBuilder();
            List<String> found = store.values(logField, prefix, count + 1);
            found.stream().limit(count).forEach(values::add);
            return Response.ok(Json.createObjectBuilder().add("field", field).add("values", values)
                    .add("more", found.size() > count).build()).build();
        } catch (IllegalArgumentException e) {
            return bad(e.getMessage());
        }
    }

    @GET
    @Path("charts/levels")
    @Operation(summary = "Records per time bucket and level in [from, to) (default: the last 24 h)")
    public Response levels(@QueryParam("from") String from, @QueryParam("to") String to,
                           @Parameter(description = "bucket width in minutes; default: about 120 buckets")
                           @QueryParam("bucket") String bucket, @QueryParam("system_id") String system) {
        return chart(from, to, bucket, (start, end, width) -> ChartJson.perLevel(
                store.perLevel(start, end, width, system == null || system.isBlank() ? null : system), start, end, width));
    }

    @GET
    @Path("charts/inputs")
    @Operation(summary = "Records received per time bucket and input (native, gelf, syslog) in [from, to)")
    public Response inputs(@QueryParam("from") String from, @QueryParam("to") String to,
                           @QueryParam("bucket") String bucket) {
        return chart(from, to, bucket, (start, end, width) -> ChartJson.perInput(store.perInput(start, end, width),
                start, end, width));
    }

    @GET
    @Path("charts/top-systems")
    @Operation(summary = "The systems with most records at or above a level (default ERROR) in [from, to)")
    public Response topSystems(@QueryParam("from") String from, @QueryParam("to") String to,
                               @QueryParam("level") String level,
                               @Parameter(description = "how many, 1..100, default 10") @QueryParam("limit") String limit) {
        try {
            long[] range = range(from, to);
            int min;
            try {
                min = level == null ? Level.ERROR.number() : Level.parse(level).number();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("parameter level: " + e.getMessage());
            }
            int top = limit == null ? 10 : FilterParameters.number("limit", limit, 1, 100);
            return Response.ok(ChartJson.totals(store.topSystems(range[0], range[1], min, top))).build();
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

    private Response chart(String from, String to, String bucket, Chart chart) {
        try {
            long[] range = range(from, to);
            if (range[0] >= range[1]) {
                return bad("parameter from must be before to");
            }
            int width = bucket == null ? ChartJson.bucketMinutes(range[0], range[1])
                    : FilterParameters.number("bucket", bucket, 1, MAX_BUCKET_MINUTES);
            long count = ChartJson.bucketCount(range[0], range[1], width);
            if (count > ChartJson.MAX_BUCKETS) {
                return bad(String.format(Locale.ROOT, "parameter bucket: %d minutes give %,d buckets over this range;"
                        + " at most %,d", width, count, ChartJson.MAX_BUCKETS));
            }
            return Response.ok(chart.draw(range[0], range[1], width)).build();
        } catch (IllegalArgumentException e) {
            return bad(e.getMessage());
        }
    }

    /** [from, to) of the parameters, each range-checked: by default the 24 hours before to (or now). */
    private static long[] range(String from, String to) {
        Long start = from == null ? null : FilterParameters.time("from", from);
        long end = to == null ? System.currentTimeMillis() : FilterParameters.time("to", to);
        if (start == null) {
            start = Math.max(0, end - DAY);
        }
        FilterParameters.checkOrder(start, end);
        return new long[] {start, end};
    }

    static Response bad(String message) {
        return Response.status(Response.Status.BAD_REQUEST).entity(Json.createObjectBuilder().add("error", message).build())
                .type(MediaType.APPLICATION_JSON).build();
    }

}
