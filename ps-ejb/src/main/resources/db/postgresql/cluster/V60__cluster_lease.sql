-- The cluster's leases (issue 11): which node runs the singletons (neelix's evaluation, the batch
-- scheduler). One row per lease; epoch is the fencing token, raised at every change of holder; expires_at
-- is in the database's clock (epoch ms), so the nodes' clocks do not need to agree. Unused on SQLite,
-- where the one node always holds the lease (ps.cluster.control.Lease.single).
CREATE TABLE cluster_lease (
    name        TEXT PRIMARY KEY,
    holder      TEXT NOT NULL,     -- node id # instance of the process
    epoch       BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
