package ps.basic.fsm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * A small layered layout, left to right, for the machine pictures (no Graphviz): cycles broken by a
 * depth-first search from the first node, longest-path layering, long edges split by virtual nodes,
 * crossings reduced by barycentre sweeps, then layers placed as columns and nodes centred in them.
 * Edges come out as polylines through their virtual nodes. Plain arithmetic: a few milliseconds for a
 * 20-state machine (see {@code PictureBenchmark}).
 */
final class Layout {
    static final double LAYER_GAP = 70;
    static final double NODE_GAP = 36;
    static final double MARGIN = 16;

    private final int real;
    private final double[] width;
    private final double[] height;
    private final List<int[]> edges = new ArrayList<>();
    private final List<Double> gaps = new ArrayList<>();

    /** Results. */
    double[] x;
    double[] y;
    double totalWidth;
    double totalHeight;
    /** Per edge (in the order added): its points from source centre to target centre. */
    List<double[][]> routes;
    /** Per edge: whether cycle breaking turned it around (it runs right to left). */
    boolean[] reversed;

    Layout(double[] width, double[] height) {
        this.real = width.length;
        this.width = width;
        this.height = height;
    }

    /** @param gap the room the edge's label needs between the columns */
    void edge(int from, int to, double gap) {
        edges.add(new int[] {from, to});
        gaps.add(gap);
    }

    void run() {
        int edgeCount = edges.size();
        reversed = new boolean[edgeCount];
        // 1. break cycles: edges to a node on the DFS stack are reversed
        List<List<Integer>> out = adjacency(edgeCount);
        int[] mark = new int[real]; // 0 new, 1 on stack, 2 done
        for (int root = 0; root < real; root++) {
            if (mark[root] == 0) {
                dfs(root, out, mark);
            }
        }
        // 2. longest-path layering on the acyclic edges (Kahn order)
        int[] layer = new int[real];
        int[] indegree = new int[real];
        List<List<Integer>> dag = new ArrayList<>();
        for (int i = 0; i < real; i++) {
            dag.add(new ArrayList<>());
        }
        for (int e = 0; e < edgeCount; e++) {
            int[] edge = directed(e);
            if (edge[0] != edge[1]) {
                dag.get(edge[0]).add(edge[1]);
                indegree[edge[1]]++;
            }
        }
        Deque<Integer> ready = new ArrayDeque<>();
        for (int i = 0; i < real; i++) {
            if (indegree[i] == 0) {
                ready.add(i);
            }
        }
        while (!ready.isEmpty()) {
            int node = ready.poll();
            for (int next : dag.get(node)) {
                layer[next] = Math.max(layer[next], layer[node] + 1);
                if (--indegree[next] == 0) {
                    ready.add(next);
                }
            }
        }
        // 3. virtual nodes for edges longer than one layer
        int layers = Arrays.stream(layer).max().orElse(0) + 1;
        List<Integer> nodeLayer = new ArrayList<>();
        for (int l : layer) {
            nodeLayer.add(l);
        }
        List<int[]> chains = new ArrayList<>(); // per edge: node ids from directed source to directed target
        List<int[]> segments = new ArrayList<>();
        for (int e = 0; e < edgeCount; e++) {
            int[] edge = directed(e);
            if (edge[0] == edge[1]) {
                chains.add(new int[] {edge[0]});
                continue;
            }
            int span = layer[edge[1]] - layer[edge[0]];
            int[] chain = new int[span + 1];
            chain[0] = edge[0];
            chain[span] = edge[1];
            for (int k = 1; k < span; k++) {
                chain[k] = nodeLayer.size();
                nodeLayer.add(layer[edge[0]] + k);
            }
            for (int k = 0; k < span; k++) {
                segments.add(new int[] {chain[k], chain[k + 1]});
            }
            chains.add(chain);
        }
        int all = nodeLayer.size();
        // 4. order within layers: barycentre sweeps, down and up
        List<List<Integer>> columns = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            columns.add(new ArrayList<>());
        }
        for (int node = 0; node < all; node++) {
            columns.get(nodeLayer.get(node)).add(node);
        }
        List<List<Integer>> preds = new ArrayList<>();
        List<List<Integer>> succs = new ArrayList<>();
        for (int i = 0; i < all; i++) {
            preds.add(new ArrayList<>());
            succs.add(new ArrayList<>());
        }
        for (int[] segment : segments) {
            succs.get(segment[0]).add(segment[1]);
            preds.get(segment[1]).add(segment[0]);
        }
        double[] position = new double[all];
        renumber(columns, position);
        double[] key = new double[all];
        Comparator<Integer> byKey = (a, b) -> a.equals(b) ? 0
                : key[a] != key[b] ? Double.compare(key[a], key[b]) : Double.compare(position[a], position[b]);
        // fewer sweeps when long edges made many virtual nodes: the order settles early, the cost does not
        int sweeps = all > 2_000 ? 2 : all > 500 ? 4 : 8;
        for (int sweep = 0; sweep < sweeps; sweep++) {
            boolean down = sweep % 2 == 0;
            for (int step = 1; step < layers; step++) {
                int l = down ? step : layers - 1 - step;
                List<List<Integer>> neighbours = down ? preds : succs;
                List<Integer> column = columns.get(l);
                for (int node : column) {
                    List<Integer> near = neighbours.get(node);
                    if (near.isEmpty()) {
                        key[node] = position[node];
                    } else {
                        double sum = 0;
                        for (int n : near) {
                            sum += position[n];
                        }
                        key[node] = sum / near.size();
                    }
                }
                column.sort(byKey);
                for (int i = 0; i < column.size(); i++) {
                    position[column.get(i)] = i;
                }
            }
        }
        // 5. coordinates: columns left to right, each as wide as its widest node, gaps wide enough for labels
        double[] columnWidth = new double[layers];
        double[] gapAfter = new double[layers];
        Arrays.fill(gapAfter, LAYER_GAP);
        for (int node = 0; node < real; node++) {
            int l = nodeLayer.get(node);
            columnWidth[l] = Math.max(columnWidth[l], width[node]);
        }
        for (int e = 0; e < edgeCount; e++) {
            int[] chain = chains.get(e);
            if (chain.length > 1) {
                int l = nodeLayer.get(chain[0]);
                gapAfter[l] = Math.max(gapAfter[l], gaps.get(e) + 24);
            }
        }
        double[] columnX = new double[layers];
        double left = MARGIN;
        for (int l = 0; l < layers; l++) {
            columnX[l] = left + columnWidth[l] / 2;
            left += columnWidth[l] + gapAfter[l];
        }
        totalWidth = left - gapAfter[layers - 1] + MARGIN;
        x = new double[all];
        y = new double[all];
        double tallest = 0;
        double[] columnHeight = new double[layers];
        for (int l = 0; l < layers; l++) {
            double h = 0;
            for (int node : columns.get(l)) {
                h += heightOf(node) + NODE_GAP;
            }
            columnHeight[l] = h - NODE_GAP;
            tallest = Math.max(tallest, columnHeight[l]);
        }
        totalHeight = tallest + 2 * MARGIN + 30; // room above for self loops
        for (int l = 0; l < layers; l++) {
            double top = MARGIN + 30 + (tallest - columnHeight[l]) / 2;
            for (int node : columns.get(l)) {
                x[node] = columnX[l];
                y[node] = top + heightOf(node) / 2;
                top += heightOf(node) + NODE_GAP;
            }
        }
        // 6. routes, from the edge's real source to its real target
        routes = new ArrayList<>();
        for (int e = 0; e < edgeCount; e++) {
            int[] chain = chains.get(e);
            double[][] points = new double[chain.length][];
            for (int k = 0; k < chain.length; k++) {
                int node = reversed[e] ? chain[chain.length - 1 - k] : chain[k];
                points[k] = new double[] {x[node], y[node]};
            }
            routes.add(points);
        }
    }

    private double heightOf(int node) {
        return node < real ? height[node] : 8;
    }

    private int[] directed(int e) {
        int[] edge = edges.get(e);
        return reversed[e] ? new int[] {edge[1], edge[0]} : edge;
    }

    private List<List<Integer>> adjacency(int edgeCount) {
        List<List<Integer>> out = new ArrayList<>();
        for (int i = 0; i < real; i++) {
            out.add(new ArrayList<>());
        }
        for (int e = 0; e < edgeCount; e++) {
            out.get(edges.get(e)[0]).add(e);
        }
        return out;
    }

    /** Iterative, so a long chain of states cannot overflow the stack. */
    private void dfs(int root, List<List<Integer>> out, int[] mark) {
        Deque<int[]> stack = new ArrayDeque<>(); // node, next edge index
        stack.push(new int[] {root, 0});
        mark[root] = 1;
        while (!stack.isEmpty()) {
            int[] top = stack.peek();
            List<Integer> edgesOut = out.get(top[0]);
            if (top[1] == edgesOut.size()) {
                mark[top[0]] = 2;
                stack.pop();
                continue;
            }
            int e = edgesOut.get(top[1]++);
            int target = edges.get(e)[1];
            if (target == top[0]) {
                continue;
            }
            if (mark[target] == 1) {
                reversed[e] = true;
            } else if (mark[target] == 0) {
                mark[target] = 1;
                stack.push(new int[] {target, 0});
            }
        }
    }

    private static void renumber(List<List<Integer>> columns, double[] position) {
        for (List<Integer> column : columns) {
            for (int i = 0; i < column.size(); i++) {
                position[column.get(i)] = i;
            }
        }
    }
}
