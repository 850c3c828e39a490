package ps.batch.boundary;

import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.Response;

import ps.batch.entity.JobDefinition;
import ps.batch.entity.JobRun;
import ps.batch.entity.Started;
import ps.store.entity.LogRow;

/**
 * Batch jobs under {@code /api/jobs}: the jobs, starting a run with parameters, stopping and restarting
 * runs (admin role), the run history and a run's output (its records).
 */
@Path("jobs")
@Stateless
@Produces(MediaType.APPLICATION_JSON)
public class JobsResource {
    static final String ADMIN = "admin";

    @Inject
    Jobs jobs;

    @Context
    SecurityContext security;

    /** Changes need the admin role (checked here, so a viewer gets a 403 with a reason). */
    private Response refused(String what) {
        return security.isUserInRole(ADMIN) ? null : error(Response.Status.FORBIDDEN, what + " needs the role admin");
    }

    @GET
    public JsonObject list() {
        JsonArrayBuilder list = Json.createArrayBuilder();
        for (JobDefinition job : jobs.definitions().values()) {
            JsonObjectBuilder item = Json.createObjectBuilder()
                    .add("name", job.name())
                    .add("batchJob", job.batchJob())
                    .add("timeout", job.timeout().toString())
                    .add("overlap", job.overlap().name().toLowerCase())
                    .add("retries", job.retries());
            if (job.template() != null) {
                item.add("template", job.template());
            }
            if (job.scheduled()) {
                item.add("cron", job.cron().toString()).add("zone", job.zone().getId());
                ZonedDateTime next = jobs.nextFire(job.name());
                if (next != null) {
                    item.add("nextRun", next.toOffsetDateTime().toString());
                }
            }
            Long running = jobs.runningExecution(job.name());
            if (running != null) {
                item.add("runningExecution", running);
            }
            List<JobRun> last = jobs.runs(job.name(), 1);
            if (!last.isEmpty()) {
                item.add("lastRun", json(last.get(0)));
            }
            list.add(item);
        }
        JsonArrayBuilder problems = Json.createArrayBuilder();
        jobs.problems().forEach(problems::add);
        return Json.createObjectBuilder().add("jobs", list).add("problems", problems).build();
    }

    @POST
    @Path("{name}/runs")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    public Response start(@PathParam("name") String name, String body) {
        Response refused = refused("starting a run");
        if (refused != null) {
            return refused;
        }
        Map<String, String> parameters;
        try {
            parameters = parameters(body);
        } catch (RuntimeException e) {
            return error(Response.Status.BAD_REQUEST, "the body must be a JSON object of parameter names to values: " + e.getMessage());
        }
        if (jobs.definition(name) == null) {
            return error(Response.Status.NOT_FOUND, "no job '" + name + "'");
        }
        Started started = jobs.start(name, parameters, "manual", 1, null);
        JsonObjectBuilder answer = Json.createObjectBuilder().add("outcome", started.outcome());
        if (started.executionId() == null) {
            Long previous = jobs.runningExecution(name);
            answer.add("error", "job '" + name + "' is still running" + (previous == null ? "" : " (run " + previous + ")")
                    + ": this run was " + started.outcome());
            return Response.status("queued".equals(started.outcome()) ? Response.Status.ACCEPTED : Response.Status.CONFLICT)
                    .entity(answer.build()).build();
        }
        return Response.status(Response.Status.CREATED).entity(json(jobs.run(started.executionId()))).build();
    }

    @GET
    @Path("{name}/runs")
    public Response runs(@PathParam("name") String name, @QueryParam("limit") @DefaultValue("50") int limit) {
        JsonArrayBuilder list = Json.createArrayBuilder();
        for (JobRun run : jobs.runs(name.equals("_all") ? null : name, Math.max(1, Math.min(limit, 1000)))) {
            list.add(json(run));
        }
        return Response.ok(Json.createObjectBuilder().add("runs", list).build()).build();
    }

    @GET
    @Path("{name}/runs/{id}")
    public Response run(@PathParam("name") String name, @PathParam("id") long id) {
        JobRun run = jobs.run(id);
        if (run == null || !run.getJob().equals(name)) {
            return error(Response.Status.NOT_FOUND, "job '" + name + "' has no run " + id);
        }
        return Response.ok(json(run)).build();
    }

    @GET
    @Path("{name}/runs/{id}/output")
    public Response output(@PathParam("name") String name, @PathParam("id") long id,
                           @QueryParam("limit") @DefaultValue("1000") int limit,
                           @QueryParam("tail") @DefaultValue("false") boolean tail) {
        JobRun run = jobs.run(id);
        if (run == null || !run.getJob().equals(name)) {
            return error(Response.Status.NOT_FOUND, "job '" + name + "' has no run " + id);
        }
        JsonArrayBuilder records = Json.createArrayBuilder();
        int lines = Math.max(1, Math.min(limit, 10_000));
        for (LogRow row : tail ? jobs.outputTail(run, lines) : jobs.output(run, lines)) {
            records.add(Json.createObjectBuilder()
                    .add("id", row.id())
                    .add("created", JobRun.iso(row.entry().created()))
                    .add("level", ps.client.Level.ofNumber(row.entry().levelno()).name())
                    .add("stream", String.valueOf(row.entry().get(ps.client.LogField.FUNCNAME)))
                    .add("message", String.valueOf(row.entry().get(ps.client.LogField.MESSAGE))));
        }
        return Response.ok(Json.createObjectBuilder().add("run", json(run)).add("records", records).build()).build();
    }

    @POST
    @Path("{name}/runs/{id}/stop")
    public Response stop(@PathParam("name") String name, @PathParam("id") long id) {
        Response refused = refused("stopping a run");
        if (refused != null) {
            return refused;
        }
        JobRun run = jobs.run(id);
        if (run == null || !run.getJob().equals(name)) {
            return error(Response.Status.NOT_FOUND, "job '" + name + "' has no run " + id);
        }
        if (!jobs.stop(id)) {
            return error(Response.Status.CONFLICT, "run " + id + " is not running");
        }
        return Response.accepted(json(jobs.run(id))).build();
    }

    @POST
    @Path("{name}/runs/{id}/restart")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    public Response restart(@PathParam("name") String name, @PathParam("id") long id, String body) {
        Response refused = refused("restarting a run");
        if (refused != null) {
            return refused;
        }
        JobRun run = jobs.run(id);
        if (run == null || !run.getJob().equals(name)) {
            return error(Response.Status.NOT_FOUND, "job '" + name + "' has no run " + id);
        }
        Map<String, String> overrides;
        try {
            overrides = parameters(body);
        } catch (RuntimeException e) {
            return error(Response.Status.BAD_REQUEST, "the body must be a JSON object of parameter names to values: " + e.getMessage());
        }
        try {
            Started started = jobs.restart(id, overrides);
            return Response.status(Response.Status.CREATED).entity(json(jobs.run(started.executionId()))).build();
        } catch (IllegalArgumentException e) {
            return error(Response.Status.CONFLICT, e.getMessage());
        }
    }

    private static Map<String, String> parameters(String body) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (body == null || body.isBlank()) {
            return parameters;
        }
        JsonObject object = Json.createReader(new java.io.StringReader(body)).readObject();
        for (Map.Entry<String, JsonValue> entry : object.entrySet()) {
            JsonValue value = entry.getValue();
            parameters.put(entry.getKey(), value instanceof JsonString text ? text.getString()
                    : value == JsonValue.NULL ? "" : value.toString());
        }
        ps.batch.control.ScriptEnvironment.checkNames(parameters.keySet());
        return parameters;
    }

    private JsonObject json(JobRun run) {
        JsonObjectBuilder object = Json.createObjectBuilder()
                .add("id", run.getExecutionId())
                .add("instance", run.getInstanceId())
                .add("job", run.getJob())
                .add("trigger", run.getTrigger())
                .add("attempt", run.getAttempt())
                .add("status", run.getStatus())
                .add("start", run.getStartedText())
                .add("durationMillis", run.getDurationMillis())
                .add("running", run.isRunning());
        if (run.getEnded() != null) {
            object.add("end", run.getEndedText());
        }
        if (run.getExitStatus() != null) {
            object.add("exitStatus", run.getExitStatus());
        }
        if (run.getExitCode() != null) {
            object.add("exitCode", run.getExitCode());
        }
        if (run.getMessage() != null) {
            object.add("message", run.getMessage());
        }
        if (run.getRestartOf() != null) {
            object.add("restartOf", run.getRestartOf());
        }
        if (run.getParameters() != null) {
            object.add("parameters", Json.createReader(new java.io.StringReader(run.getParameters())).readObject());
        }
        Map<String, Long> progress = jobs.progress(run.getExecutionId());
        if (!progress.isEmpty()) {
            JsonObjectBuilder metrics = Json.createObjectBuilder();
            progress.forEach(metrics::add);
            object.add("progress", metrics);
        }
        return object.build();
    }

    private static Response error(Response.Status status, String message) {
        return Response.status(status).entity(Json.createObjectBuilder().add("error", message).build()).build();
    }
}
