-- PostgreSQL's form of db/store/V63: which node of a cluster received each record, its number in
-- cluster_node (two bytes a row). The records stored before were received by some node; they say 1.
-- Later ones take the writing session's setting ps.node, which each node sets on its write connections
-- (ps.db.Database), so the writer binds nothing more per record. Adding the column with a constant
-- default rewrites no row; the second statement changes the default for new rows only.
ALTER TABLE log ADD COLUMN node smallint NOT NULL DEFAULT 1;
ALTER TABLE log ALTER COLUMN node SET DEFAULT coalesce(nullif(current_setting('ps.node', true), '')::smallint, 1);
