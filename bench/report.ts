/** Turns a benchmark run into its outputs: the console/markdown table, the JSON file, the SVG ratio chart and the docs section. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { type Measurement, WORKLOAD_LABELS, type Workload } from './workloads.js'

/** Both clients' (median) figures for one workload at one concurrency. */
export interface Comparison {
  workload: Workload
  concurrency: number
  ours: Measurement
  official: Measurement
}

/** A whole run: where and how it was measured, and its comparisons. */
export interface RunReport {
  date: string
  machine: { node: string; platform: string; cpus: number; cpuModel: string; loadAverage: number[] }
  server: string
  settings: {
    seconds: number
    warmup: number
    rounds: number
    keys: number
    concurrency: number[]
    /** aerospike-ts's pipelineDepth when set by --pipeline-depth. */
    pipelineDepth?: string
  }
  results: Comparison[]
}

const int = (v: number): string => Math.round(v).toLocaleString('en-US')
const ms = (v: number): string => (v < 10 ? v.toFixed(2) : v.toFixed(1))
const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}x`

/**
 * `rows` as a markdown table laid out as the formatter (Biome) lays tables out: each column as wide
 * as its widest cell, text columns padded on the right, number columns (`right`) on the left.
 */
export function alignedTable(
  header: readonly string[],
  right: readonly boolean[],
  rows: readonly string[][],
): string {
  const widths = header.map((h, c) => Math.max(3, h.length, ...rows.map((r) => r[c]!.length)))
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((cell, c) => (right[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join(' | ')} |`
  const rule = `| ${widths.map((w, c) => (right[c] ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`
  return `${[line(header), rule, ...rows.map(line)].join('\n')}\n`
}

/** The results as a markdown table: one row per workload and concurrency, ours next to official. */
export function markdownTable(report: RunReport): string {
  const header = [
    'workload',
    'conc.',
    'ops/s ours',
    'ops/s official',
    'ops/s ratio',
    'records/s ours',
    'CPU µs/op ours',
    'CPU µs/op official',
    'CPU ratio',
    'p50 ms ours / official',
    'p99 ms ours / official',
    'p999 ms ours / official',
  ]
  const rows = report.results.map(({ workload, concurrency, ours: o, official: f }) => [
    WORKLOAD_LABELS[workload],
    String(concurrency),
    int(o.opsPerSecond),
    int(f.opsPerSecond),
    ratio(o.opsPerSecond, f.opsPerSecond),
    int(o.recordsPerSecond),
    o.cpuMicrosPerOp.toFixed(1),
    f.cpuMicrosPerOp.toFixed(1),
    ratio(o.cpuMicrosPerOp, f.cpuMicrosPerOp),
    `${ms(o.p50)} / ${ms(f.p50)}`,
    `${ms(o.p99)} / ${ms(f.p99)}`,
    `${ms(o.p999)} / ${ms(f.p999)}`,
  ])
  return alignedTable(
    header,
    header.map((_, c) => c > 0),
    rows,
  )
}

/** Where the run was measured, as one markdown paragraph. */
export function describeRun(report: RunReport): string {
  const m = report.machine
  const s = report.settings
  return (
    `Measured ${report.date} on ${m.cpus} × ${m.cpuModel}, ${m.platform}, Node.js ${m.node} ` +
    `(load average ${m.loadAverage.map((l) => l.toFixed(2)).join(', ')} at the start); server: ${report.server}. ` +
    `${s.seconds} s per measurement after ${s.warmup} s of warm-up, median of ${s.rounds} ` +
    `round${s.rounds === 1 ? '' : 's'} (the clients take turns), ${int(s.keys)} records` +
    (s.pipelineDepth === undefined ? '.' : `; aerospike-ts with pipelineDepth ${s.pipelineDepth}.`)
  )
}

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/**
 * An SVG bar chart of the ratios: for each workload and concurrency, ops/s (ours / official;
 * right of 1 is faster) and client CPU per op (ours / official; left of 1 is cheaper), with the
 * targets (1.5x and 0.5x) marked.
 */
export function ratioChart(report: RunReport): string {
  const rowHeight = 34
  const left = 250
  const width = 760
  const plot = width - left - 60
  const top = 40
  const rows = report.results
  const height = top + rows.length * rowHeight + 40
  const max = Math.max(
    2,
    ...rows.map((r) => r.ours.opsPerSecond / r.official.opsPerSecond),
    ...rows.map((r) => r.ours.cpuMicrosPerOp / r.official.cpuMicrosPerOp),
  )
  const scale = Math.ceil(max * 2) / 2
  const x = (v: number): number => left + (v / scale) * plot
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    '<title>Ratios of aerospike-ts to the official client: ops/s and client CPU per op</title>',
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${left}" y="16" font-size="13" font-weight="bold">aerospike-ts / official client (aerospike@6.7.1)</text>`,
    `<rect x="${left}" y="24" width="10" height="10" fill="#2b7bb9"/><text x="${left + 14}" y="33">ops/s (higher is better)</text>`,
    `<rect x="${left + 180}" y="24" width="10" height="10" fill="#e08a2c"/><text x="${left + 194}" y="33">client CPU per op (lower is better)</text>`,
    `<line x1="${left + 420}" y1="29" x2="${left + 440}" y2="29" stroke="#c33" stroke-dasharray="4 3"/><text x="${left + 444}" y="33">targets</text>`,
  ]
  for (let t = 0; t <= scale; t += 0.5) {
    const gx = x(t).toFixed(1)
    const strong = t === 1
    parts.push(
      `<line x1="${gx}" y1="${top}" x2="${gx}" y2="${height - 30}" stroke="${strong ? '#333' : '#ddd'}" stroke-width="${strong ? 1.5 : 1}"/>`,
      `<text x="${gx}" y="${height - 16}" text-anchor="middle">${t.toFixed(1)}x</text>`,
    )
  }
  for (const target of [0.5, 1.5]) {
    const gx = x(target).toFixed(1)
    parts.push(
      `<line x1="${gx}" y1="${top}" x2="${gx}" y2="${height - 30}" stroke="#c33" stroke-dasharray="4 3"/>`,
    )
  }
  rows.forEach((r, i) => {
    const y = top + i * rowHeight
    const speed = r.ours.opsPerSecond / r.official.opsPerSecond
    const cpu = r.ours.cpuMicrosPerOp / r.official.cpuMicrosPerOp
    const label = `${WORKLOAD_LABELS[r.workload]}, conc. ${r.concurrency}`
    parts.push(
      `<text x="${left - 8}" y="${y + 18}" text-anchor="end">${escapeXml(label)}</text>`,
      `<rect x="${left}" y="${y + 4}" width="${(x(speed) - left).toFixed(1)}" height="12" fill="#2b7bb9"/>`,
      `<text x="${(x(speed) + 4).toFixed(1)}" y="${y + 14}">${speed.toFixed(2)}x</text>`,
      `<rect x="${left}" y="${y + 17}" width="${(x(cpu) - left).toFixed(1)}" height="12" fill="#e08a2c"/>`,
      `<text x="${(x(cpu) + 4).toFixed(1)}" y="${y + 27}">${cpu.toFixed(2)}x</text>`,
    )
  })
  parts.push('</svg>')
  return `${parts.join('\n')}\n`
}

const DOCS_START = '<!-- npm run bench: start -->'
const DOCS_END = '<!-- npm run bench: end -->'

/**
 * Writes the run: bench/results/<date>.json and latest.json, docs/benchmarks-ratios.svg, and the
 * generated part of docs/benchmarks.md (between its two markers).
 */
export function writeReport(report: RunReport, root: URL): string[] {
  const results = new URL('bench/results/', root)
  mkdirSync(results, { recursive: true })
  const json = `${JSON.stringify(report, null, 2)}\n`
  const stamp = report.date.replace(/[:.]/g, '-')
  const files = [new URL(`${stamp}.json`, results), new URL('latest.json', results)]
  for (const f of files) writeFileSync(f, json)
  const chart = new URL('docs/benchmarks-ratios.svg', root)
  writeFileSync(chart, ratioChart(report))
  files.push(chart)
  const docs = new URL('docs/benchmarks.md', root)
  if (existsSync(docs)) {
    const text = readFileSync(docs, 'utf8')
    const a = text.indexOf(DOCS_START)
    const b = text.indexOf(DOCS_END)
    if (a >= 0 && b > a) {
      const section = `${DOCS_START}\n\n${describeRun(report)}\n\n${markdownTable(report)}\n![Ratios of aerospike-ts to the official client](benchmarks-ratios.svg)\n\n`
      writeFileSync(docs, text.slice(0, a) + section + text.slice(b))
      files.push(docs)
    }
  }
  return files.map((f) => f.pathname)
}
