// Unit tests of the inverted-range arithmetic shared by the list and map index/rank selections.
import { describe, expect, it } from 'vitest'
import { invertedRange } from '../../../src/server/cdt/range.js'

describe('invertedRange', () => {
  it('inverts an empty range to every element', () => {
    expect(invertedRange({ index: 3, count: 0 }, 5)).toEqual({ index: 0, count: 5 })
  })

  it('inverts a range at the start to the tail', () => {
    expect(invertedRange({ index: 0, count: 2 }, 5)).toEqual({ index: 2, count: 3 })
  })

  it('inverts a range reaching the end to the head', () => {
    expect(invertedRange({ index: 3, count: 2 }, 5)).toEqual({ index: 0, count: 3 })
  })

  it('inverts the whole container to nothing', () => {
    expect(invertedRange({ index: 0, count: 5 }, 5)).toEqual({ index: 5, count: 0 })
  })

  it('has no single range for a range strictly inside', () => {
    expect(invertedRange({ index: 1, count: 2 }, 5)).toBeUndefined()
  })
})
