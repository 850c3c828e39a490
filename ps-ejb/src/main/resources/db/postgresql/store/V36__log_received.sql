-- Retention drops whole days of `received` (the partitions); this index serves the day that is cut.
CREATE INDEX log_received ON log (received);
