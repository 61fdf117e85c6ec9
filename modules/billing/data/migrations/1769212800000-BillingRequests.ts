import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * Customer requests and complaints. `billing_requests`: site master data (current status, assignee, due date,
 * updated in the transaction that writes the event). `billing_request_events`: the timeline, insert-only facts.
 * `bill_id` names a `billing_bills` row of a billing dispute; deliberately no foreign key (bills are another
 * part's table and may arrive later by sync).
 */
export class BillingRequests1769212800000 implements MigrationInterface {
  name = 'BillingRequests1769212800000'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE billing_requests (
      id TEXT PRIMARY KEY NOT NULL,
      number TEXT NOT NULL UNIQUE,
      type TEXT NOT NULL CHECK (type IN ('connection', 'subscription', 'termination', 'complaint', 'information')),
      status TEXT NOT NULL,
      channel TEXT NOT NULL CHECK (channel IN ('counter', 'phone', 'web', 'sms')),
      subject TEXT NOT NULL,
      description TEXT NOT NULL DEFAULT '',
      subscriber_id TEXT REFERENCES billing_subscribers (id),
      applicant_name TEXT,
      applicant_cin TEXT,
      applicant_phone TEXT,
      contract_id TEXT REFERENCES billing_contracts (id),
      point_id TEXT REFERENCES billing_connection_points (id),
      bill_id TEXT,
      assignee_id TEXT,
      assignee_name TEXT,
      received_on TEXT NOT NULL,
      step_started_on TEXT NOT NULL,
      due_date TEXT,
      closed_at TEXT,
      site_code TEXT NOT NULL,
      created_by TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      CHECK (subscriber_id IS NOT NULL OR applicant_name IS NOT NULL),
      CHECK (bill_id IS NULL OR type = 'complaint')
    )`)
    await q.query(`CREATE INDEX billing_requests_open_due ON billing_requests (due_date) WHERE closed_at IS NULL`)
    await q.query(`CREATE INDEX billing_requests_subscriber ON billing_requests (subscriber_id)`)
    await q.query(`CREATE INDEX billing_requests_assignee ON billing_requests (assignee_id)`)
    // billsOnHold: open complaints by disputed bill.
    await q.query(`CREATE INDEX billing_requests_bill ON billing_requests (bill_id) WHERE bill_id IS NOT NULL AND closed_at IS NULL`)
    await q.query(`CREATE TABLE billing_request_events (
      id TEXT PRIMARY KEY NOT NULL,
      request_id TEXT NOT NULL REFERENCES billing_requests (id),
      kind TEXT NOT NULL CHECK (kind IN ('created', 'status', 'assigned', 'comment', 'attached')),
      at TEXT NOT NULL,
      user_id TEXT,
      user_name TEXT NOT NULL,
      from_status TEXT,
      to_status TEXT,
      assignee_id TEXT,
      assignee_name TEXT,
      comment TEXT NOT NULL DEFAULT '',
      document_id TEXT,
      document_title TEXT,
      site_code TEXT NOT NULL
    )`)
    await q.query(`CREATE INDEX billing_request_events_request ON billing_request_events (request_id, at)`)
    await q.query(`CREATE TRIGGER billing_request_events_no_update BEFORE UPDATE ON billing_request_events BEGIN SELECT RAISE(ABORT, 'request events are insert-only'); END`)
    await q.query(`INSERT INTO number_series (key, label, prefix, padding, yearly) VALUES ('BILLING_REQUEST', 'Demandes et réclamations', 'REQ', 6, 1) ON CONFLICT (key) DO NOTHING`)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM number_series WHERE key = 'BILLING_REQUEST'`)
    await q.query(`DROP TABLE billing_request_events`)
    await q.query(`DROP TABLE billing_requests`)
  }
}
