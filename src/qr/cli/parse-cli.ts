/**
 * `npm run --silent qr:parse -- '<text>' ['<text>'…]` — the app's payload parser on scanned or typed
 * text. Prints the parsed result as JSON and exits 0, or a structured error
 * `{"error": {"code", "message"}}` and exits 1 (2 for usage errors). Several arguments are read as
 * the blocks of one multi-block payload, in the order given.
 */
import { addBlock, emptyBlockState, type BlockState } from '../payload/block-assembler'
import { parsePayload } from '../payload/parse-payload'

function main(argv: string[]): number {
  const texts = argv[0] === '--' ? argv.slice(1) : argv
  if (texts.length === 0 || texts[0] === '--help' || texts[0] === '-h') {
    console.error("usage: npm run --silent qr:parse -- '<scanned text>' ['<next block>'…]")
    return texts.length === 0 ? 2 : 0
  }
  let blocks: BlockState = emptyBlockState
  for (const [index, text] of texts.entries()) {
    const parsed = parsePayload(text)
    if (!parsed.ok) {
      console.log(JSON.stringify({ error: parsed.error }))
      return 1
    }
    const value = parsed.value
    if (value.kind !== 'block') {
      console.log(JSON.stringify(value))
      return 0
    }
    const outcome = addBlock(blocks, value, index)
    if (outcome.status === 'complete') {
      console.log(JSON.stringify(outcome.payload))
      return 0
    }
    if (outcome.status === 'error') {
      console.log(JSON.stringify({ error: { code: 'invalid-blocks', message: outcome.message } }))
      return 1
    }
    blocks = outcome.state
    if (index === texts.length - 1) {
      console.log(JSON.stringify({ ...value, received: outcome.received }))
      return 0
    }
  }
  return 0
}

process.exit(main(process.argv.slice(2)))
