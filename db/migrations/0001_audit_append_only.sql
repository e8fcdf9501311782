-- Custom SQL migration file, put your code below! ---- The audit log is append-only: the application can never edit or delete a row. (Someone with the
-- database file can still drop these triggers; the hash chain is what shows such tampering.)
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
