package ps.batch.control;

/**
 * PS's run ids, unique in the cluster although JBatch's execution ids restart at 1 on every node (each node
 * has its own job repository): run id = (node number - 1) * {@link #SPAN} + execution id. Node 1 (SQLite's
 * one node, and a cluster's first) keeps the execution ids as they are; node 2's run 5 is 1000000000005.
 */
public record RunIds(int node) {
    /** Execution ids per node: JBatch's ids of one node stay below it. */
    public static final long SPAN = 1_000_000_000_000L;

    public RunIds {
        if (node < 1 || node > 9_000_000) {
            throw new IllegalArgumentException("node number " + node + " is not 1 to 9000000");
        }
    }

    /** The run id of this node's JBatch execution. */
    public long of(long executionId) {
        if (executionId < 0 || executionId >= SPAN) {
            throw new IllegalStateException("JBatch execution id " + executionId + " is not below " + SPAN);
        }
        return (node - 1) * SPAN + executionId;
    }

    /** The node number whose run it is. */
    public static int nodeOf(long runId) {
        return (int) (runId / SPAN) + 1;
    }

    /** Whether the run is this node's (only its node's job repository knows its JBatch execution). */
    public boolean local(long runId) {
        return nodeOf(runId) == node;
    }

    /**
     * The JBatch execution id of this node's run.
     *
     * @throws IllegalArgumentException for another node's run
     */
    public long execution(long runId) {
        if (!local(runId)) {
            throw new IllegalArgumentException("run " + runId + " ran on node number " + nodeOf(runId) + ", not on this one ("
                    + node + "); do it there");
        }
        return runId % SPAN;
    }
}
