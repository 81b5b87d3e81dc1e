/**
 * Geometry of the virtualized device list. Rows have a fixed height; the scrollable height stands
 * for all `total` rows, so the scrollbar's thumb shows where in the whole list the view is. Browsers
 * cap an element's height (Chromium near 33.5 million px, Firefox near 17.9 million), so past
 * `maxScrollHeight` the scroll range is scaled: scroll position → content position stays linear and
 * the first and last rows stay reachable.
 */
export interface WindowInput {
  scrollTop: number
  /** Height of the scrolling viewport including the sticky header row. */
  viewportHeight: number
  total: number
  rowHeight: number
  headerHeight: number
  overscan: number
  maxScrollHeight: number
}

export interface VirtualWindow {
  /** First row rendered (with overscan), inclusive. */
  start: number
  /** One past the last row rendered. */
  end: number
  /** First row (partly) visible under the header. */
  first: number
  /** Rows that fit in the body at once. */
  pageRows: number
  /** How far up to move the rendered rows so that row `first` sits at its exact place. */
  shift: number
  /** Height of the element that makes the scroll range. */
  scrollHeight: number
  /** Height of the sticky window the table is drawn in. */
  windowHeight: number
  /** Scroll position that puts `row` at the top of the body. */
  scrollTopForRow(row: number): number
}

export function computeWindow(input: WindowInput): VirtualWindow {
  const { total, rowHeight, headerHeight, overscan } = input
  const bodyHeight = Math.max(rowHeight, input.viewportHeight - headerHeight)
  const contentHeight = total * rowHeight
  const virtualHeight = Math.min(contentHeight, input.maxScrollHeight)
  const maxScroll = Math.max(0, virtualHeight - bodyHeight)
  const maxContent = Math.max(0, contentHeight - bodyHeight)
  const ratio = maxScroll > 0 ? maxContent / maxScroll : 1

  const scrollTop = Math.min(Math.max(0, input.scrollTop), maxScroll)
  const contentTop = Math.min(maxContent, scrollTop * ratio)
  const first = Math.min(Math.max(0, total - 1), Math.floor(contentTop / rowHeight))
  const offset = Math.max(0, contentTop - first * rowHeight)
  const pageRows = Math.max(1, Math.floor(bodyHeight / rowHeight))
  const visible = Math.ceil((bodyHeight + offset) / rowHeight)
  const start = Math.max(0, first - overscan)
  const end = Math.min(total, first + visible + overscan)

  return {
    start,
    end,
    first,
    pageRows,
    shift: offset + (first - start) * rowHeight,
    scrollHeight: virtualHeight + headerHeight,
    windowHeight: Math.min(input.viewportHeight, virtualHeight + headerHeight),
    scrollTopForRow(row: number) {
      const clamped = Math.min(Math.max(0, row), Math.max(0, total - 1))
      return ratio > 0 ? Math.min(maxScroll, (clamped * rowHeight) / ratio) : 0
    },
  }
}
