package ps.neelix.boundary;

import java.time.Instant;
import java.util.List;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import ps.neelix.entity.MailRecord;
import ps.neelix.entity.MonitorStatus;
import ps.neelix.entity.RuleStatus;
import ps.security.entity.User;

/**
 * Neelix's REST API under {@code /api/neelix}: monitors (pause and resume need the admin role; tokens are
 * shown to admins only), the rules in force with their last match and mails sent, and the mail log.
 */
@Path("neelix")
@Stateless
@Produces(MediaType.APPLICATION_JSON)
public class NeelixResource {
    @Inject
    Neelix neelix;

    @Context
    SecurityContext security;

    @GET
    @Path("monitors")
    public JsonObject monitors() {
        boolean admin = security.isUserInRole(User.ADMIN);
        JsonArrayBuilder monitors = Json.createArrayBuilder();
        for (MonitorStatus monitor : neelix.monitors()) {
            monitors.add(json(monitor, admin));
        }
        return Json.createObjectBuilder().add("monitors", monitors).build();
    }

    @GET
    @Path("monitors/{id}")
    public Response monitor(@PathParam("id") String id) {
        boolean admin = security.isUserInRole(User.ADMIN);
        return neelix.monitors().stream().filter(monitor -> monitor.getId().equals(id)).findFirst()
                .map(monitor -> Response.ok(json(monitor, admin)).build())
                .orElseGet(() -> error(Response.Status.NOT_FOUND, "no monitored service '" + id + "'"));
    }

    @POST
    @Path("monitors/{id}/pause")
    public Response pause(@PathParam("id") String id) {
        if (!security.isUserInRole(User.ADMIN)) {
            return error(Response.Status.FORBIDDEN, "pausing a monitor needs the admin role");
        }
        MonitorStatus monitor = neelix.pause(id);
        return monitor == null ? error(Response.Status.NOT_FOUND, "no monitored service '" + id + "'")
                : Response.ok(json(monitor, true)).build();
    }

    @POST
    @Path("monitors/{id}/resume")
    public Response resume(@PathParam("id") String id) {
        if (!security.isUserInRole(User.ADMIN)) {
            return error(Response.Status.FORBIDDEN, "resuming a monitor needs the admin role");
        }
        MonitorStatus monitor = neelix.resume(id);
        return monitor == null ? error(Response.Status.NOT_FOUND, "no monitored service '" + id + "'")
                : Response.ok(json(monitor, true)).build();
    }

    @GET
    @Path("rules")
    public JsonObject rules() {
        JsonArrayBuilder rules = Json.createArrayBuilder();
        for (RuleStatus rule : neelix.rules()) {
            JsonObjectBuilder json = Json.createObjectBuilder()
                    .add("id", rule.getId())
                    .add("source", rule.getSource())
                    .add("matches_when", rule.getDescription())
                    .add("mail_to", strings(rule.getMailTo()))
                    .add("throttle_ms", rule.getThrottleMillis())
                    .add("matches", rule.getMatches())
                    .add("mails_sent", rule.getMailsSent())
                    .add("suppressed", rule.getSuppressed());
            if (rule.getWebhook() != null) {
                json.add("webhook", rule.getWebhook());
            }
            time(json, "last_match", rule.getLastMatch());
            rules.add(json);
        }
        JsonArrayBuilder files = Json.createArrayBuilder();
        neelix.configFiles().forEach(file -> files.add(file.toString()));
        return Json.createObjectBuilder().add("rules", rules).add("files", files)
                .add("messages", strings(neelix.configMessages())).build();
    }

    @GET
    @Path("mails")
    public JsonObject mails(@QueryParam("limit") @DefaultValue("50") int limit) {
        JsonArrayBuilder mails = Json.createArrayBuilder();
        for (MailRecord mail : neelix.mails(Math.max(1, Math.min(limit, 500)))) {
            JsonObjectBuilder json = Json.createObjectBuilder()
                    .add("kind", mail.kind())
                    .add("recipients", mail.recipients())
                    .add("subject", mail.subject())
                    .add("status", mail.status());
            time(json, "at", mail.at());
            optional(json, "rule", mail.ruleId());
            optional(json, "service", mail.monitorId());
            optional(json, "system", mail.system());
            optional(json, "text", mail.text());
            optional(json, "error", mail.error());
            if (mail.latencyMillis() != null) {
                json.add("latency_ms", mail.latencyMillis());
            }
            mails.add(json);
        }
        return Json.createObjectBuilder().add("mails", mails).build();
    }

    static JsonObject json(MonitorStatus monitor, boolean admin) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("id", monitor.getId())
                .add("state", monitor.getState())
                .add("origin", monitor.getOrigin())
                .add("records_prove_life", monitor.isRecordsProveLife())
                .add("period_ms", monitor.getPeriodMillis())
                .add("grace_ms", monitor.getGraceMillis())
                .add("mail_to", strings(monitor.getMailTo()));
        time(json, "last_signal", monitor.getLastSignal());
        time(json, "last_ping", monitor.getLastPing());
        optional(json, "last_ping_kind", monitor.getLastPingKind());
        optional(json, "last_ping_body", monitor.getLastPingBody());
        if (monitor.getLastRunMillis() != null) {
            json.add("last_run_ms", monitor.getLastRunMillis());
        }
        if (monitor.getLastExitCode() != null) {
            json.add("last_exit_code", monitor.getLastExitCode());
        }
        time(json, "next_deadline", monitor.getNextDeadline());
        time(json, "down_since", monitor.getDownSince());
        if (admin && monitor.getToken() != null) {
            json.add("token", monitor.getToken());
        }
        return json.build();
    }

    private static JsonArrayBuilder strings(List<String> values) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        values.forEach(array::add);
        return array;
    }

    private static void time(JsonObjectBuilder json, String name, Long epochMillis) {
        if (epochMillis != null) {
            json.add(name, Instant.ofEpochMilli(epochMillis).toString());
            json.add(name + "_ms", epochMillis);
        }
    }

    private static void optional(JsonObjectBuilder json, String name, String value) {
        if (value != null) {
            json.add(name, value);
        }
    }

    private static Response error(Response.Status status, String message) {
        return Response.status(status).entity(Json.createObjectBuilder().add("error", message).build())
                .type(MediaType.APPLICATION_JSON).build();
    }
}
