import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * Receivable ledger (per contract), counter payments and their reversals, cash sessions and their close events.
 * Every table here holds facts: rows are inserted once and never updated (a correction is a new row).
 * Money in signed integer centimes (+ the customer owes more).
 */
export class BillingLedger1768953600000 implements MigrationInterface {
  name = 'BillingLedger1768953600000'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE billing_ledger (
      id TEXT PRIMARY KEY NOT NULL,
      contract_id TEXT NOT NULL REFERENCES billing_contracts (id),
      kind TEXT NOT NULL CHECK (kind IN ('bill', 'credit_note', 'payment', 'payment_reversal', 'deposit', 'deposit_refund')),
      ref_id TEXT NOT NULL,
      ref_number TEXT NOT NULL,
      amount INTEGER NOT NULL,
      date TEXT NOT NULL,
      due_date TEXT,
      site_code TEXT NOT NULL,
      created_at TEXT NOT NULL,
      UNIQUE (contract_id, kind, ref_id)
    )`)
    await q.query(`CREATE INDEX billing_ledger_contract ON billing_ledger (contract_id, date)`)

    await q.query(`CREATE TABLE billing_cash_sessions (
      id TEXT PRIMARY KEY NOT NULL,
      number TEXT NOT NULL UNIQUE,
      user_id TEXT NOT NULL,
      username TEXT NOT NULL,
      workstation TEXT NOT NULL,
      opening_float INTEGER NOT NULL CHECK (opening_float >= 0),
      date TEXT NOT NULL,
      opened_at TEXT NOT NULL,
      site_code TEXT NOT NULL
    )`)
    await q.query(`CREATE INDEX billing_cash_sessions_user ON billing_cash_sessions (user_id, workstation)`)
    await q.query(`CREATE TABLE billing_cash_session_events (
      id TEXT PRIMARY KEY NOT NULL,
      session_id TEXT NOT NULL REFERENCES billing_cash_sessions (id),
      kind TEXT NOT NULL CHECK (kind IN ('close')),
      expected TEXT NOT NULL,
      counted TEXT NOT NULL,
      difference INTEGER NOT NULL,
      note TEXT NOT NULL DEFAULT '',
      at TEXT NOT NULL,
      user_id TEXT NOT NULL,
      username TEXT NOT NULL,
      site_code TEXT NOT NULL,
      UNIQUE (session_id, kind)
    )`)

    await q.query(`CREATE TABLE billing_payments (
      id TEXT PRIMARY KEY NOT NULL,
      number TEXT NOT NULL UNIQUE,
      contract_id TEXT NOT NULL REFERENCES billing_contracts (id),
      session_id TEXT REFERENCES billing_cash_sessions (id),
      means TEXT NOT NULL CHECK (means IN ('cash', 'cheque', 'card', 'transfer')),
      amount INTEGER NOT NULL CHECK (amount > 0),
      bank TEXT,
      cheque_number TEXT,
      card_auth TEXT,
      transfer_ref TEXT,
      allocations TEXT NOT NULL DEFAULT '[]',
      settled TEXT NOT NULL DEFAULT '[]',
      balance_after INTEGER NOT NULL,
      date TEXT NOT NULL,
      received_at TEXT NOT NULL,
      user_id TEXT NOT NULL,
      username TEXT NOT NULL,
      site_code TEXT NOT NULL
    )`)
    await q.query(`CREATE INDEX billing_payments_contract ON billing_payments (contract_id, date)`)
    await q.query(`CREATE INDEX billing_payments_session ON billing_payments (session_id)`)
    await q.query(`CREATE TABLE billing_payment_reversals (
      id TEXT PRIMARY KEY NOT NULL,
      payment_id TEXT NOT NULL UNIQUE REFERENCES billing_payments (id),
      reason TEXT NOT NULL,
      date TEXT NOT NULL,
      at TEXT NOT NULL,
      user_id TEXT NOT NULL,
      username TEXT NOT NULL,
      site_code TEXT NOT NULL
    )`)

    await q.query(
      `INSERT INTO number_series (key, label, prefix, padding, yearly) VALUES ('PAY', 'Reçus d''encaissement', 'RC', 6, 1) ON CONFLICT (key) DO NOTHING`,
    )
    await q.query(
      `INSERT INTO number_series (key, label, prefix, padding, yearly) VALUES ('CASH_SESSION', 'Sessions de caisse', 'CS', 5, 1) ON CONFLICT (key) DO NOTHING`,
    )
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM number_series WHERE key IN ('PAY', 'CASH_SESSION')`)
    await q.query(`DROP TABLE billing_payment_reversals`)
    await q.query(`DROP TABLE billing_payments`)
    await q.query(`DROP TABLE billing_cash_session_events`)
    await q.query(`DROP TABLE billing_cash_sessions`)
    await q.query(`DROP TABLE billing_ledger`)
  }
}
