package ps.herald.boundary;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** PS's REST API lives under /api. */
@ApplicationPath("api")
public class HeraldApi extends Application {
}
