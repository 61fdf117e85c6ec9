import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * Billing runs and bills.
 *  - billing_runs: a run of one sector up to a reading cut-off (site master data: its status moves
 *    draft → simulated → posted; `report` is the control report of the last simulation, then of the posting).
 *  - billing_bills + billing_bill_lines: facts (insert-only), numbered from the gapless BILL series. A line is a
 *    band (tranche), a fixed fee or the VAT of one commodity over one tariff segment, so the PDF explains the bill.
 *  - billing_credit_notes: the cancellation of a bill (a fact, numbered from the AVOIR series); a bill with a credit
 *    note is "cancelled" and its readings are billable again.
 * Money in centimes, quantities in thousandths, dates YYYY-MM-DD.
 */
export class BillingRuns1769040000000 implements MigrationInterface {
  name = 'BillingRuns1769040000000'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE billing_runs (
      id TEXT PRIMARY KEY NOT NULL,
      number TEXT NOT NULL UNIQUE,
      sector TEXT NOT NULL,
      up_to TEXT NOT NULL,
      bill_date TEXT NOT NULL,
      due_days INTEGER NOT NULL CHECK (due_days BETWEEN 0 AND 120),
      due_date TEXT NOT NULL,
      status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'simulated', 'posted')),
      report TEXT,
      simulated_at TEXT,
      posted_at TEXT,
      bill_count INTEGER NOT NULL DEFAULT 0,
      total_incl INTEGER NOT NULL DEFAULT 0,
      site_code TEXT NOT NULL,
      created_by TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`)

    await q.query(`CREATE TABLE billing_bills (
      id TEXT PRIMARY KEY NOT NULL,
      number TEXT NOT NULL UNIQUE,
      run_id TEXT REFERENCES billing_runs (id),
      contract_id TEXT NOT NULL REFERENCES billing_contracts (id),
      commodity TEXT NOT NULL,
      category TEXT NOT NULL,
      period_from TEXT NOT NULL,
      period_to TEXT NOT NULL,
      days INTEGER NOT NULL,
      to_reading_id TEXT NOT NULL,
      reading_ids TEXT NOT NULL DEFAULT '[]',
      from_index INTEGER,
      to_index INTEGER,
      consumption INTEGER NOT NULL,
      estimated BOOLEAN NOT NULL DEFAULT 0,
      excl_tax INTEGER NOT NULL,
      vat INTEGER NOT NULL,
      total INTEGER NOT NULL,
      bill_date TEXT NOT NULL,
      due_date TEXT NOT NULL,
      site_code TEXT NOT NULL,
      created_by TEXT,
      created_at TEXT NOT NULL,
      CHECK (period_to > period_from)
    )`)
    await q.query(`CREATE INDEX billing_bills_contract ON billing_bills (contract_id, period_to)`)
    await q.query(`CREATE INDEX billing_bills_run ON billing_bills (run_id)`)

    // Keyed by (bill, line number), WITHOUT ROWID: a run writes ~9 lines per bill, one B-tree (+ the version index) each.
    await q.query(`CREATE TABLE billing_bill_lines (
      bill_id TEXT NOT NULL REFERENCES billing_bills (id),
      line_no INTEGER NOT NULL,
      commodity TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('band', 'fee', 'vat')),
      version_id TEXT NOT NULL,
      seg_from TEXT NOT NULL,
      seg_to TEXT NOT NULL,
      days INTEGER NOT NULL,
      rule TEXT,
      band INTEGER,
      band_from INTEGER,
      band_to INTEGER,
      qty INTEGER,
      rate INTEGER,
      code TEXT,
      label TEXT,
      label_ar TEXT,
      vat_rate INTEGER,
      amount INTEGER NOT NULL,
      PRIMARY KEY (bill_id, line_no)
    ) WITHOUT ROWID`)
    await q.query(`CREATE INDEX billing_bill_lines_version ON billing_bill_lines (version_id)`)

    await q.query(`CREATE TABLE billing_credit_notes (
      id TEXT PRIMARY KEY NOT NULL,
      number TEXT NOT NULL UNIQUE,
      bill_id TEXT NOT NULL UNIQUE REFERENCES billing_bills (id),
      contract_id TEXT NOT NULL REFERENCES billing_contracts (id),
      amount INTEGER NOT NULL,
      reason TEXT NOT NULL,
      date TEXT NOT NULL,
      site_code TEXT NOT NULL,
      created_by TEXT,
      created_at TEXT NOT NULL
    )`)

    await q.query(`INSERT INTO number_series (key, label, prefix, padding, yearly) VALUES
      ('BILL', 'Factures', 'FA', 6, 1), ('CREDIT_NOTE', 'Avoirs', 'AV', 6, 1), ('BILLING_RUN', 'Tournées de facturation', 'TF', 4, 1)
      ON CONFLICT (key) DO NOTHING`)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM number_series WHERE key IN ('BILL', 'CREDIT_NOTE', 'BILLING_RUN')`)
    for (const t of ['billing_credit_notes', 'billing_bill_lines', 'billing_bills', 'billing_runs']) await q.query(`DROP TABLE ${t}`)
  }
}
