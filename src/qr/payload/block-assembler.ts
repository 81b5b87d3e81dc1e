import type { BlockPayload, DevicePayload } from './parse-payload'

/**
 * Buffers the blocks of a multi-block payload (`TotalBlocks` > 1) by `SequenceBlockNumber` until all
 * are in. Windows hard-codes 1/1 today, so this is defensive: blocks of one render share a group
 * key (their `Id`); the first block of another group, or a stale buffer, starts over. Pure: the
 * state is a value, the clock is passed in.
 */
export interface BlockState {
  groupKey: string | null
  total: number
  blocks: Record<number, BlockPayload>
  updatedAt: number
}

export type BlockOutcome =
  | { status: 'waiting'; state: BlockState; received: number; total: number }
  | { status: 'complete'; state: BlockState; payload: DevicePayload }
  | { status: 'error'; state: BlockState; message: string }

export const emptyBlockState: BlockState = { groupKey: null, total: 0, blocks: {}, updatedAt: 0 }

/** A buffer older than this is dropped when the next block arrives. */
export const blockTimeoutMs = 60_000

/** Whether `block` belongs with the blocks buffered so far (same code, same count, not stale); if not, they are dropped. */
export const continuesBlocks = (state: BlockState, block: BlockPayload, now: number): boolean =>
  state.groupKey === block.groupKey && state.total === block.total && now - state.updatedAt <= blockTimeoutMs

export function addBlock(state: BlockState, block: BlockPayload, now: number): BlockOutcome {
  const blocks = continuesBlocks(state, block, now) ? { ...state.blocks } : {}
  blocks[block.sequence] = block
  const next: BlockState = { groupKey: block.groupKey, total: block.total, blocks, updatedAt: now }
  const received = Object.keys(blocks).length
  if (received < block.total) return { status: 'waiting', state: next, received, total: block.total }
  const ordered = Array.from({ length: block.total }, (_, index) => blocks[index + 1] as BlockPayload)
  const ztdIds = [...new Set(ordered.map((b) => b.ztdId).filter((id): id is string => id !== null))]
  const serials = [...new Set(ordered.map((b) => b.serialNumber).filter((s): s is string => s !== null))]
  if (ztdIds.length !== 1) {
    return {
      status: 'error',
      state: emptyBlockState,
      message: ztdIds.length === 0 ? 'All blocks were read, but none holds a ZtdId.' : 'The blocks name different devices; scan them again.',
    }
  }
  return {
    status: 'complete',
    state: emptyBlockState,
    payload: {
      kind: 'device',
      ztdId: ztdIds[0] as string,
      serialNumber: serials[0] ?? null,
      format: ordered[0]?.format ?? 'windows',
      layout: ordered.find((b) => b.layout)?.layout ?? null,
    },
  }
}
