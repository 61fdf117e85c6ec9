/** SMS counters, appended to the server's `/metrics` (per instance). */
import { Counter, renderMetrics } from '../metrics'

export class SmsMetrics {
  readonly queued = new Counter('guichet_sms_queued_total', 'Pushed messages queued in sms_outbox')
  readonly sent = new Counter('guichet_sms_sent_total', 'Messages accepted by the gateway')
  readonly delivered = new Counter('guichet_sms_delivered_total', 'Messages delivered (receipt)')
  readonly failed = new Counter('guichet_sms_failed_total', 'Messages failed, by reason (refused, attempts, receipt, invalid)')
  readonly expired = new Counter('guichet_sms_expired_total', 'Messages expired (not sent in time, or receipt EXPIRED)')
  readonly retries = new Counter('guichet_sms_retries_total', 'Send attempts that failed and will be retried')
  readonly receipts = new Counter('guichet_sms_receipts_total', 'Delivery receipts received, by status')

  render(): string {
    return renderMetrics([this.queued, this.sent, this.delivered, this.failed, this.expired, this.retries, this.receipts])
  }
}
