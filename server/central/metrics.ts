/** Per-instance counters in Prometheus text format (scrape every instance; sum in Prometheus). */

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

type Labels = Record<string, string>
const labelText = (l: Labels) => {
  const parts = Object.entries(l).map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`)
  return parts.length ? `{${parts.join(',')}}` : ''
}

export class Counter {
  private values = new Map<string, number>()
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  inc(by = 1, labels: Labels = {}) {
    const k = labelText(labels)
    this.values.set(k, (this.values.get(k) ?? 0) + by)
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`]
    if (this.values.size === 0) lines.push(`${this.name} 0`)
    for (const [k, v] of this.values) lines.push(`${this.name}${k} ${v}`)
    return lines.join('\n')
  }
}

class Histogram {
  private series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>()
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  observe(value: number, labels: Labels) {
    const k = labelText(labels)
    let s = this.series.get(k)
    if (!s) this.series.set(k, (s = { labels, counts: BUCKETS.map(() => 0), sum: 0, count: 0 }))
    BUCKETS.forEach((b, i) => {
      if (value <= b) s.counts[i]++
    })
    s.sum += value
    s.count++
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`]
    for (const s of this.series.values()) {
      BUCKETS.forEach((b, i) => lines.push(`${this.name}_bucket${labelText({ ...s.labels, le: String(b) })} ${s.counts[i]}`))
      lines.push(`${this.name}_bucket${labelText({ ...s.labels, le: '+Inf' })} ${s.count}`)
      lines.push(`${this.name}_sum${labelText(s.labels)} ${s.sum}`)
      lines.push(`${this.name}_count${labelText(s.labels)} ${s.count}`)
    }
    return lines.join('\n')
  }
}

/** One `/metrics` text: the metrics in order, each block after the other, ending with a newline. */
export const renderMetrics = (metrics: readonly { render(): string }[]): string => metrics.map((m) => m.render()).join('\n') + '\n'

export class Metrics {
  readonly pushes = new Counter('guichet_sync_pushes_total', 'Push requests handled')
  readonly pulls = new Counter('guichet_sync_pulls_total', 'Pull requests handled')
  readonly changesAccepted = new Counter('guichet_sync_changes_accepted_total', 'Changes stored for the first time')
  readonly changesDuplicate = new Counter('guichet_sync_changes_duplicate_total', 'Changes pushed again (acknowledged with their first seq)')
  readonly changesRejected = new Counter('guichet_sync_changes_rejected_total', 'Changes refused, by code')
  readonly changesPulled = new Counter('guichet_sync_changes_pulled_total', 'Changes sent to pullers')
  readonly blobBytesIn = new Counter('guichet_sync_blob_bytes_received_total', 'Blob bytes stored from uploads')
  readonly blobBytesOut = new Counter('guichet_sync_blob_bytes_sent_total', 'Blob bytes sent to downloads')
  readonly enrollments = new Counter('guichet_sync_enrollments_total', 'Devices enrolled')
  readonly durations = new Histogram('guichet_http_request_duration_seconds', 'HTTP request duration by route and status')

  render(): string {
    return renderMetrics([
      this.pushes,
      this.pulls,
      this.changesAccepted,
      this.changesDuplicate,
      this.changesRejected,
      this.changesPulled,
      this.blobBytesIn,
      this.blobBytesOut,
      this.enrollments,
      this.durations,
    ])
  }
}
