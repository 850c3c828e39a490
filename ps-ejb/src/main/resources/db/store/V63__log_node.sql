-- Which node of a cluster received each record (issue 11): its small number (cluster_node on PostgreSQL).
-- SQLite has one node, 1; SQLite stores the constant 1 in no bytes of its own, and adding the column
-- rewrites no row.
ALTER TABLE log ADD COLUMN node INTEGER NOT NULL DEFAULT 1;
