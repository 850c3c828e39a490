package ps.client;

import java.util.ArrayList;
import java.util.List;

/**
 * One bridge a client may send to. A client given several (a cluster's nodes) sends to the first that
 * answers and moves on to the next when a connection fails or breaks, resending what was not acknowledged
 * under the same client id and sequence numbers, so the shared store keeps each record once.
 */
public record BridgeAddress(String host, int port) {
    public BridgeAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("bridge host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not in 1..65535");
        }
    }

    /**
     * Reads {@code host}, {@code host:port} or {@code [v6-address]:port}, several separated by commas.
     *
     * @param defaultPort the port of an entry that names none
     */
    public static List<BridgeAddress> parse(String hosts, int defaultPort) {
        List<BridgeAddress> addresses = new ArrayList<>();
        for (String part : hosts.split(",")) {
            String entry = part.trim();
            if (entry.isEmpty()) {
                continue;
            }
            addresses.add(parseOne(entry, defaultPort));
        }
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("no bridge address in '" + hosts + "'");
        }
        return List.copyOf(addresses);
    }

    private static BridgeAddress parseOne(String entry, int defaultPort) {
        String host = entry;
        String port = null;
        if (entry.startsWith("[")) {
            int end = entry.indexOf(']');
            if (end < 0) {
                throw new IllegalArgumentException("bridge address '" + entry + "' lacks its ']'");
            }
            host = entry.substring(1, end);
            String rest = entry.substring(end + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("bridge address '" + entry + "': expected ':port' after ']'");
                }
                port = rest.substring(1);
            }
        } else if (entry.indexOf(':') >= 0 && entry.indexOf(':') == entry.lastIndexOf(':')) {
            host = entry.substring(0, entry.indexOf(':'));
            port = entry.substring(entry.indexOf(':') + 1);
        } // more than one ':' without brackets: a bare IPv6 address
        if (port == null) {
            return new BridgeAddress(host, defaultPort);
        }
        try {
            return new BridgeAddress(host, Integer.parseInt(port));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bridge address '" + entry + "': port '" + port + "' is not a number");
        }
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
