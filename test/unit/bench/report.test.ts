// The benchmark's arithmetic and outputs: latency percentiles, the markdown table, the ratio chart.
import { describe, expect, it } from 'vitest'
import { LatencyRecorder } from '../../../bench/latency.js'
import { alignedTable, markdownTable, type RunReport, ratioChart } from '../../../bench/report.js'
import type { Measurement } from '../../../bench/workloads.js'

function measurement(opsPerSecond: number, cpuMicrosPerOp: number, p99: number): Measurement {
  return {
    ops: opsPerSecond * 5,
    records: opsPerSecond * 5,
    seconds: 5,
    opsPerSecond,
    recordsPerSecond: opsPerSecond,
    cpuMicrosPerOp,
    p50: p99 / 4,
    p99,
    p999: p99 * 2,
  }
}

const report: RunReport = {
  date: '2026-11-24T00:00:00.000Z',
  machine: { node: 'v20', platform: 'linux-x64', cpus: 2, cpuModel: 'test CPU', loadAverage: [1, 1, 1] },
  server: 'test',
  settings: { seconds: 5, warmup: 1, rounds: 1, keys: 1000, concurrency: [32] },
  results: [
    {
      workload: 'get',
      concurrency: 32,
      ours: measurement(30_000, 12, 2),
      official: measurement(15_000, 40, 4),
    },
    {
      workload: 'put',
      concurrency: 32,
      ours: measurement(27_000, 14, 3),
      official: measurement(13_500, 42, 3),
    },
  ],
}

describe('bench', () => {
  it('percentiles by nearest rank, growing past the first buffer', () => {
    const r = new LatencyRecorder()
    for (let i = 100_000; i >= 1; i--) r.add(i / 100)
    expect(r.percentiles([0.5, 0.99, 0.999, 1])).toEqual([500, 990, 999, 1000])
    r.clear()
    expect(r.percentiles([0.5])[0]).toBeNaN()
  })

  it('the table shows both clients and their ratios, laid out as the formatter lays tables out', () => {
    const lines = markdownTable(report).trim().split('\n')
    expect(lines).toHaveLength(4)
    const cells = lines[2]!.split('|').map((c) => c.trim())
    expect(cells.slice(1, -1)).toEqual([
      'get',
      '32',
      '30,000',
      '15,000',
      '2.00x',
      '30,000',
      '12.0',
      '40.0',
      '0.30x',
      '0.50 / 1.00',
      '2.00 / 4.00',
      '4.00 / 8.00',
    ])
    expect(new Set(lines.map((l) => l.length)).size).toBe(1)
  })

  it('aligned tables pad text on the right and numbers on the left', () => {
    expect(
      alignedTable(
        ['name', 'n'],
        [false, true],
        [
          ['ab', '7'],
          ['abcdef', '1234'],
        ],
      ),
    ).toBe('| name   |    n |\n| ------ | ---: |\n| ab     |    7 |\n| abcdef | 1234 |\n')
  })

  it('the chart has one pair of bars per row, sized by the ratios', () => {
    const svg = ratioChart(report)
    expect(svg.startsWith('<svg')).toBe(true)
    expect(svg).toContain('>2.00x</text>')
    expect(svg).toContain('>0.30x</text>')
    expect(svg.match(/fill="#2b7bb9"/g)).toHaveLength(3) // legend + 2 rows
  })
})
