-- Retention deletes by `received` (the bridge's clock), not `created` (the sender's): this index finds
-- the oldest arrivals without a scan of the table.
CREATE INDEX log_received ON log (received);
