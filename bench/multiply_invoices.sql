-- Multiplies the posted customer invoices of a generated database K times (new customers, moves
-- and product lines with shifted ids), to time the customer analytics refresh at a larger scale
-- (bench/RESULTS.md). Only on a throw-away copy: it drops the copy's secondary indexes on the three
-- tables (the refresh and its lower bound scan them whole) and recreates the two the incremental
-- refresh needs.
--   createdb -T custan_bench custan_bench_large
--   psql -d custan_bench_large -v K=287 -f bench/multiply_invoices.sql
--   CRM_BENCH_DB=custan_bench_large bash tools/run.sh -m bench customer_analytics --scale large
\set ON_ERROR_STOP on
DO $$
DECLARE idx record;
BEGIN
    FOR idx IN SELECT c.relname FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid
                 JOIN pg_class t ON t.oid = x.indrelid
                WHERE t.relname IN ('res_partner', 'account_move', 'account_move_line')
                  AND NOT x.indisprimary AND NOT x.indisunique
    LOOP
        EXECUTE format('DROP INDEX %I', idx.relname);
    END LOOP;
END $$;
BEGIN;
SET LOCAL session_replication_role = replica;
CREATE TEMP TABLE src_m AS
    SELECT * FROM account_move WHERE state = 'posted' AND move_type IN ('out_invoice', 'out_refund');
CREATE TEMP TABLE src_p AS
    SELECT * FROM res_partner WHERE id IN (SELECT commercial_partner_id FROM src_m);
CREATE TEMP TABLE src_l AS
    SELECT * FROM account_move_line
     WHERE move_id IN (SELECT id FROM src_m) AND display_type = 'product';
SELECT (SELECT MAX(id) FROM res_partner) AS p_off, (SELECT MAX(id) FROM account_move) AS m_off,
       (SELECT MAX(id) FROM account_move_line) AS l_off \gset
INSERT INTO res_partner
SELECT r.*
  FROM src_p p CROSS JOIN generate_series(1, :K) k,
       LATERAL jsonb_populate_record(NULL::res_partner, to_jsonb(p) || jsonb_build_object(
           'id', p.id + k * :p_off, 'commercial_partner_id', p.id + k * :p_off,
           'parent_id', NULL, 'name', p.name || ' #' || k, 'complete_name', p.name || ' #' || k)) r;
INSERT INTO account_move
SELECT r.*
  FROM src_m m CROSS JOIN generate_series(1, :K) k,
       LATERAL jsonb_populate_record(NULL::account_move, to_jsonb(m) || jsonb_build_object(
           'id', m.id + k * :m_off, 'partner_id', m.commercial_partner_id + k * :p_off,
           'commercial_partner_id', m.commercial_partner_id + k * :p_off,
           'name', m.name || '/' || k, 'reversed_entry_id', NULL, 'inalterable_hash', NULL,
           'secure_sequence_number', NULL)) r;
INSERT INTO account_move_line
SELECT r.*
  FROM src_l l CROSS JOIN generate_series(1, :K) k,
       LATERAL jsonb_populate_record(NULL::account_move_line, to_jsonb(l) || jsonb_build_object(
           'id', l.id + k * :l_off, 'move_id', l.move_id + k * :m_off, 'partner_id', NULL,
           'move_name', l.move_name || '/' || k)) r;
SELECT setval('res_partner_id_seq', (SELECT MAX(id) FROM res_partner));
SELECT setval('account_move_id_seq', (SELECT MAX(id) FROM account_move));
SELECT setval('account_move_line_id_seq', (SELECT MAX(id) FROM account_move_line));
COMMIT;
CREATE INDEX ON account_move_line (move_id);
CREATE INDEX ON account_move (commercial_partner_id);
ANALYZE res_partner;
ANALYZE account_move;
ANALYZE account_move_line;
SELECT COUNT(DISTINCT commercial_partner_id) AS customers, COUNT(*) AS moves
  FROM account_move WHERE state = 'posted' AND move_type IN ('out_invoice', 'out_refund');
