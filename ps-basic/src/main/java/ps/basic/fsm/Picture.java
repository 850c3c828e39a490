package ps.basic.fsm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws a machine from its definition, as the original's Graphviz picture: left to right, circles, final
 * states double circles, error states red, an invisible start node pointing at the initial state, edges
 * labelled with their events, default edges "else" ("error" in red when they lead to an error state),
 * tooltips from the states' documentation, and for an error state with recipients a dashed "send email"
 * edge to a filled node per recipient.
 *
 * <p>{@link #dot} gives the DOT text; {@link #svg} lays the picture out in Java ({@link Layout}) and writes
 * SVG itself, so no Graphviz is needed. The SVG is inert: names, events and docs are escaped text, there
 * is no script, no link, no external reference, no style sheet beyond presentation attributes.
 */
public final class Picture {
    /** Longer names are cut in the drawing (the full name stays in the tooltip). */
    static final int SHOWN_CHARS = 40;
    private static final double CHAR_WIDTH = 7.2;
    private static final String RED = "#c62828";

    private Picture() {
    }

    public static String dot(MachineDefinition machine) {
        StringBuilder dot = new StringBuilder(512);
        dot.append("digraph ").append(quoteDot(machine.name())).append(" {\n");
        dot.append("  rankdir=LR;\n");
        dot.append("  node [shape=circle];\n");
        dot.append("  __start [shape=point, style=invis];\n");
        for (StateSpec state : machine.states()) {
            dot.append("  ").append(quoteDot(state.name())).append(" [");
            List<String> attributes = new ArrayList<>();
            if (state.isFinal()) {
                attributes.add("shape=doublecircle");
            }
            if (state.error()) {
                attributes.add("color=red");
                attributes.add("fontcolor=red");
            }
            attributes.add("tooltip=" + quoteDot(state.doc()));
            dot.append(String.join(", ", attributes)).append("];\n");
        }
        for (StateSpec state : machine.states()) {
            if (state.initial()) {
                dot.append("  __start -> ").append(quoteDot(state.name())).append(";\n");
            }
        }
        for (Transition transition : machine.transitions()) {
            dot.append("  ").append(quoteDot(transition.source())).append(" -> ")
                    .append(quoteDot(transition.destination())).append(" [label=")
                    .append(quoteDot(transition.event())).append("];\n");
        }
        for (StateSpec state : machine.states()) {
            if (state.otherwise() != null) {
                StateSpec next = machine.state(state.otherwise());
                boolean error = next != null && next.error();
                dot.append("  ").append(quoteDot(state.name())).append(" -> ").append(quoteDot(state.otherwise()))
                        .append(error ? " [label=\"error\", color=red, fontcolor=red];\n" : " [label=\"else\"];\n");
            }
        }
        for (StateSpec state : machine.states()) {
            if (state.error()) {
                for (int i = 0; i < state.recipients().size(); i++) {
                    String node = quoteDot("mail:" + state.name() + ":" + i);
                    dot.append("  ").append(node).append(" [label=").append(quoteDot(state.recipients().get(i)))
                            .append(", shape=box, style=filled];\n");
                    dot.append("  ").append(quoteDot(state.name())).append(" -> ").append(node)
                            .append(" [label=\"send email\", style=dashed];\n");
                }
            }
        }
        return dot.append("}\n").toString();
    }

    /** The picture as SVG; {@code current} (a state's name, or null) is highlighted. */
    public static String svg(MachineDefinition machine, String current) {
        List<Node> nodes = new ArrayList<>();
        Map<String, Integer> index = new LinkedHashMap<>();
        nodes.add(new Node(Kind.START, "", null, 4, 4));
        for (StateSpec state : machine.states()) {
            double radius = Math.max(22, textWidth(shown(state.name())) / 2 + 8);
            index.put(state.name(), nodes.size());
            nodes.add(new Node(Kind.STATE, state.name(), state, 2 * radius, 2 * radius));
        }
        List<Edge> edges = new ArrayList<>();
        for (StateSpec state : machine.states()) {
            if (state.initial()) {
                edges.add(new Edge(0, index.get(state.name()), List.of(), false, false));
            }
        }
        Map<Long, Edge> byPair = new LinkedHashMap<>();
        for (Transition transition : machine.transitions()) {
            Integer from = index.get(transition.source());
            Integer to = index.get(transition.destination());
            if (from != null && to != null) {
                labelled(byPair, edges, from, to, transition.event(), false);
            }
        }
        for (StateSpec state : machine.states()) {
            Integer to = state.otherwise() == null ? null : index.get(state.otherwise());
            if (to != null) {
                boolean error = machine.state(state.otherwise()).error();
                labelled(byPair, edges, index.get(state.name()), to, error ? "error" : "else", error);
            }
        }
        for (StateSpec state : machine.states()) {
            if (state.error()) {
                for (String recipient : state.recipients()) {
                    int mail = nodes.size();
                    nodes.add(new Node(Kind.MAIL, recipient, null, textWidth(shown(recipient)) + 16, 26));
                    Edge edge = new Edge(index.get(state.name()), mail, new ArrayList<>(List.of("send email")), false, true);
                    edges.add(edge);
                }
            }
        }

        double[] width = nodes.stream().mapToDouble(node -> node.width).toArray();
        double[] height = nodes.stream().mapToDouble(node -> node.height).toArray();
        Layout layout = new Layout(width, height);
        for (Edge edge : edges) {
            double gap = edge.labels.stream().mapToDouble(label -> textWidth(shown(label))).max().orElse(0);
            layout.edge(edge.from, edge.to, gap);
        }
        layout.run();

        StringBuilder svg = new StringBuilder(4096);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"ps-fsm\" width=\"").append(num(layout.totalWidth))
                .append("\" height=\"").append(num(layout.totalHeight)).append("\" viewBox=\"0 0 ")
                .append(num(layout.totalWidth)).append(' ').append(num(layout.totalHeight))
                .append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.append("<title>").append(escape(machine.name())).append("</title>\n");
        svg.append("<defs>")
                .append(marker("ps-fsm-arrow", "#333")).append(marker("ps-fsm-arrow-red", RED))
                .append("</defs>\n");
        for (int e = 0; e < edges.size(); e++) {
            drawEdge(svg, nodes, edges.get(e), layout.routes.get(e), layout.reversed[e], layout);
        }
        for (int n = 1; n < nodes.size(); n++) {
            drawNode(svg, nodes.get(n), layout.x[n], layout.y[n], current);
        }
        return svg.append("</svg>\n").toString();
    }

    private static void labelled(Map<Long, Edge> byPair, List<Edge> edges, int from, int to, String label, boolean red) {
        long key = ((long) from << 32) | to;
        Edge edge = byPair.get(key);
        if (edge == null) {
            edge = new Edge(from, to, new ArrayList<>(), red, false);
            byPair.put(key, edge);
            edges.add(edge);
        }
        edge.labels.add(label);
        edge.red |= red;
    }

    private static void drawNode(StringBuilder svg, Node node, double x, double y, String current) {
        if (node.kind == Kind.MAIL) {
            svg.append("<g class=\"mail\"><title>").append(escape(node.name)).append("</title>")
                    .append("<rect x=\"").append(num(x - node.width / 2)).append("\" y=\"").append(num(y - node.height / 2))
                    .append("\" width=\"").append(num(node.width)).append("\" height=\"").append(num(node.height))
                    .append("\" fill=\"#e0e0e0\" stroke=\"#333\"/>");
            text(svg, x, y, shown(node.name), "#333");
            svg.append("</g>\n");
            return;
        }
        StateSpec state = node.state;
        boolean highlighted = state.name().equals(current);
        String stroke = state.error() ? RED : "#333";
        svg.append("<g class=\"state").append(state.initial() ? " initial" : "").append(state.isFinal() ? " final" : "")
                .append(state.error() ? " error" : "").append(highlighted ? " current" : "")
                .append("\" data-state=\"").append(escape(state.name())).append("\">");
        svg.append("<title>").append(escape(state.doc().isEmpty() ? state.name() : state.name() + ": " + state.doc()))
                .append("</title>");
        double r = node.width / 2;
        circle(svg, x, y, r, highlighted ? "#ffd54f" : "#ffffff", stroke, highlighted ? 3 : 1.2);
        if (state.isFinal()) {
            circle(svg, x, y, r - 4, "none", stroke, 1.2);
        }
        text(svg, x, y, shown(state.name()), stroke);
        svg.append("</g>\n");
    }

    private static void drawEdge(StringBuilder svg, List<Node> nodes, Edge edge, double[][] route, boolean reversed,
                                 Layout layout) {
        String colour = edge.red ? RED : "#333";
        svg.append("<g class=\"edge").append(edge.mail ? " mail" : "").append("\">");
        if (!edge.labels.isEmpty()) {
            svg.append("<title>").append(escape(nodes.get(edge.from).name + " \u2192 " + nodes.get(edge.to).name
                    + ": " + String.join(", ", edge.labels))).append("</title>");
        }
        Node from = nodes.get(edge.from);
        Node to = nodes.get(edge.to);
        StringBuilder d = new StringBuilder();
        double labelX;
        double labelY;
        if (edge.from == edge.to) {
            double r = from.width / 2;
            double x = route[0][0];
            double y = route[0][1];
            d.append("M").append(num(x - r * 0.5)).append(',').append(num(y - r * 0.87))
                    .append(" C").append(num(x - r)).append(',').append(num(y - r - 34)).append(' ')
                    .append(num(x + r)).append(',').append(num(y - r - 34)).append(' ')
                    .append(num(x + r * 0.5)).append(',').append(num(y - r * 0.87));
            labelX = x;
            labelY = y - r - 30 - 12 * (edge.labels.size() - 1);
        } else {
            double[][] points = route.clone();
            points[0] = border(from, points[0], points[1], false);
            points[points.length - 1] = border(to, points[points.length - 1], points[points.length - 2], true);
            double bend = reversed ? 22 : 0;
            d.append('M').append(num(points[0][0])).append(',').append(num(points[0][1]));
            for (int k = 1; k < points.length; k++) {
                double[] a = points[k - 1];
                double[] b = points[k];
                if (bend != 0) {
                    // a back edge bows below the straight line so it does not cover the forward edge
                    double mx = (a[0] + b[0]) / 2;
                    double my = (a[1] + b[1]) / 2 + bend;
                    d.append(" Q").append(num(mx)).append(',').append(num(my)).append(' ')
                            .append(num(b[0])).append(',').append(num(b[1]));
                } else {
                    d.append(" L").append(num(b[0])).append(',').append(num(b[1]));
                }
            }
            int middle = (points.length - 1) / 2;
            labelX = (points[middle][0] + points[middle + 1][0]) / 2;
            labelY = (points[middle][1] + points[middle + 1][1]) / 2 + bend / 2 - 4 - 12 * (edge.labels.size() - 1);
            if (reversed) {
                labelY += 22;
            }
        }
        svg.append("<path d=\"").append(d).append("\" fill=\"none\" stroke=\"").append(colour).append('"')
                .append(edge.mail ? " stroke-dasharray=\"5,4\"" : "")
                .append(" marker-end=\"url(#").append(edge.red ? "ps-fsm-arrow-red" : "ps-fsm-arrow").append(")\"/>");
        for (int i = 0; i < edge.labels.size(); i++) {
            svg.append("<text class=\"label\" x=\"").append(num(labelX)).append("\" y=\"").append(num(labelY + 12 * i))
                    .append("\" text-anchor=\"middle\" fill=\"").append(colour).append("\">")
                    .append(escape(shown(edge.labels.get(i)))).append("</text>");
        }
        svg.append("</g>\n");
    }

    /** Where the line from {@code centre} towards {@code toward} leaves the node's outline. */
    private static double[] border(Node node, double[] centre, double[] toward, boolean arrowEnd) {
        double dx = toward[0] - centre[0];
        double dy = toward[1] - centre[1];
        double length = Math.hypot(dx, dy);
        if (length == 0 || node.kind == Kind.START) {
            return centre;
        }
        double reach;
        if (node.kind == Kind.MAIL) {
            double sx = Math.abs(dx) < 1e-9 ? Double.MAX_VALUE : (node.width / 2) / Math.abs(dx);
            double sy = Math.abs(dy) < 1e-9 ? Double.MAX_VALUE : (node.height / 2) / Math.abs(dy);
            reach = Math.min(sx, sy) * length;
        } else {
            reach = node.width / 2;
        }
        reach += arrowEnd ? 1 : 0;
        return new double[] {centre[0] + dx / length * reach, centre[1] + dy / length * reach};
    }

    private static String marker(String id, String colour) {
        return "<marker id=\"" + id + "\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\""
                + " markerHeight=\"8\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"" + colour + "\"/></marker>";
    }

    private static void circle(StringBuilder svg, double x, double y, double r, String fill, String stroke, double width) {
        svg.append("<circle cx=\"").append(num(x)).append("\" cy=\"").append(num(y)).append("\" r=\"").append(num(r))
                .append("\" fill=\"").append(fill).append("\" stroke=\"").append(stroke)
                .append("\" stroke-width=\"").append(num(width)).append("\"/>");
    }

    private static void text(StringBuilder svg, double x, double y, String text, String colour) {
        svg.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(y + 4))
                .append("\" text-anchor=\"middle\" fill=\"").append(colour).append("\">").append(escape(text)).append("</text>");
    }

    private static String shown(String text) {
        return text.length() <= SHOWN_CHARS ? text : text.substring(0, SHOWN_CHARS - 1) + "\u2026";
    }

    private static double textWidth(String text) {
        return text.length() * CHAR_WIDTH;
    }

    /** One decimal, without String.format (which cost most of the render time). */
    private static String num(double value) {
        long tenths = Math.round(value * 10);
        String sign = tenths < 0 ? "-" : "";
        tenths = Math.abs(tenths);
        return sign + (tenths / 10) + "." + (tenths % 10);
    }

    /** XML text and attribute escaping; characters XML 1.0 cannot carry become U+FFFD. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(++i));
                    } else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || Character.isSurrogate(c)
                            || c == 0xFFFE || c == 0xFFFF) {
                        out.append('\uFFFD');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static String quoteDot(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> { }
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private enum Kind { START, STATE, MAIL }

    private record Node(Kind kind, String name, StateSpec state, double width, double height) {
    }

    private static final class Edge {
        final int from;
        final int to;
        final List<String> labels;
        boolean red;
        final boolean mail;

        Edge(int from, int to, List<String> labels, boolean red, boolean mail) {
            this.from = from;
            this.to = to;
            this.labels = labels;
            this.red = red;
            this.mail = mail;
        }
    }
}
