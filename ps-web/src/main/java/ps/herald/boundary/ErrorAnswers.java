package ps.herald.boundary;

import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.json.Json;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Every failure of the REST API answers JSON with a message for people, never a stack trace or a Java class
 * name: a refusal of JAX-RS itself (unknown path, wrong method, a body that is not JSON) keeps its status;
 * anything else is a 500 whose cause goes to the server log.
 */
@Provider
public class ErrorAnswers implements ExceptionMapper<Throwable> {
    private static final Logger LOG = Logger.getLogger("ps.herald");

    @Override
    public Response toResponse(Throwable failure) {
        if (failure instanceof WebApplicationException refused) {
            Response response = refused.getResponse();
            if (response.hasEntity()) {
                return response;
            }
            int status = response.getStatus();
            String reason = status == 400 ? "bad request: the body must be valid JSON of the documented shape"
                    : response.getStatusInfo().getReasonPhrase();
            return answer(status, reason == null || reason.isEmpty() ? "refused" : reason.toLowerCase(java.util.Locale.ROOT));
        }
        if (failure instanceof jakarta.json.JsonException || failure instanceof jakarta.ws.rs.ProcessingException) {
            return answer(400, "the body is not valid JSON");
        }
        LOG.log(Level.WARNING, "PS API: request failed", failure);
        return answer(500, "PS could not answer this request; the server log says why");
    }

    private static Response answer(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Json.createObjectBuilder().add("error", message).build()).build();
    }
}
