package ps.security.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import ps.bridge.api.IngestAuth;

/**
 * The ingest tokens and client-id bindings in memory, answering the bridge's HELLO checks without a
 * database. A client id is bound to the first token that announces it; from then on a HELLO naming it with
 * another token (or, where tokens are optional, without one) is refused. New bindings are queued for the
 * database ({@link #newBindings()}). At most {@code maxClients} client ids are bound, so a token holder
 * inventing ids cannot grow this map without end.
 */
public final class IngestKeys implements IngestAuth.Gate {
    /** A client id bound to a token, with when. */
    public record Binding(String clientId, long tokenId, long bound) {
    }

    private final Map<String, Long> tokens = new ConcurrentHashMap<>();
    private final Map<String, Long> clients = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Binding> unsaved = new ConcurrentLinkedQueue<>();
    private final int maxClients;

    public IngestKeys(int maxClients) {
        this.maxClients = maxClients;
    }

    /** Adds a token by the hash of its text (see {@link ApiTokens#hash}). */
    public void addToken(long id, String tokenHash) {
        tokens.put(tokenHash, id);
    }

    /** Binds a client id known from the database. */
    public void bind(String clientId, long tokenId) {
        clients.put(clientId, tokenId);
    }

    /** Forgets the token and the client ids bound to it. */
    public void revoke(long id) {
        tokens.values().removeIf(tokenId -> tokenId == id);
        clients.values().removeIf(tokenId -> tokenId == id);
        unsaved.removeIf(binding -> binding.tokenId() == id);
    }

    @Override
    public String admit(String clientId, String token) {
        Long bound = clients.get(clientId);
        if (token == null) {
            return bound == null ? null : "client id " + clientId + " belongs to ingest token #" + bound
                    + "; a HELLO without token may not use it";
        }
        Long id = tokens.get(ApiTokens.hash(token));
        if (id == null) {
            return "unknown or revoked ingest token in the HELLO of client " + clientId;
        }
        if (bound == null) {
            if (clients.size() >= maxClients) {
                return "ingest token #" + id + " may not bind client " + clientId + ": " + maxClients
                        + " client ids are bound already (setting ps.ingest.max.clients)";
            }
            bound = clients.putIfAbsent(clientId, id);
            if (bound == null) {
                unsaved.add(new Binding(clientId, id, System.currentTimeMillis()));
                return null;
            }
        }
        return bound.equals(id) ? null : "client id " + clientId + " belongs to ingest token #" + bound
                + ", not to token #" + id + " of this HELLO";
    }

    /** Takes the bindings made since the last call, for saving. */
    public List<Binding> newBindings() {
        List<Binding> taken = new ArrayList<>();
        Binding binding;
        while ((binding = unsaved.poll()) != null) {
            taken.add(binding);
        }
        return taken;
    }

    /** Puts bindings back that could not be saved, to try again. */
    public void unsaved(List<Binding> bindings) {
        unsaved.addAll(bindings);
    }
}
