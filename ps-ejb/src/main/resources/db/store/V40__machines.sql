-- The state machines PS has seen (ps.basic.fsm records, see docs/protocol.md "State machine records"):
-- one row per system and machine name with its definition, current state and last steps. The store's
-- writer keeps it in step with the records (ps.store.control.MachineSteps); it holds at most
-- MachineSteps.MAX_MACHINES rows, so the Machines page and /api/machines read a bounded table.
CREATE TABLE machine (
    system_id  TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    definition TEXT,                        -- the run's definition (JSON), null until a run start is seen
    state      TEXT,                        -- the current (or last) state
    since      INTEGER,                     -- epoch ms (client time) it entered that state
    updated    INTEGER NOT NULL,            -- epoch ms of the newest record
    ended      TEXT,                        -- null while running; "final", "transition" or "handler"
    recent     TEXT    NOT NULL DEFAULT '[]', -- the last steps, oldest first (JSON array)
    PRIMARY KEY (system_id, name)
) WITHOUT ROWID;
