import { dirname, join } from 'node:path'
import { strToU8 } from 'fflate'
import { describe, expect, it } from 'vitest'
import { openArchiveInWorker } from '@core/diagnostics/open-archive-in-worker'
import { workerPath } from '@support/temp-dir'
import { writeCab } from '@support/cab-writer'
import { WIN32_FAILED, sampleRegUtf16, sampleZtdJson } from '@support/windows-diagnostics-samples'

const archiveWorkerPath = () => join(dirname(workerPath()), 'archive-worker.cjs')
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64')

/** A CAB goes through the same archive worker (its own thread, resource limits) as a ZIP. */
describe('archive worker: CAB files', () => {
  it('reviews an LZX CAB from MDMDiagnosticsTool, and refuses a CAB bomb by name', async () => {
    const cab = writeCab(
      [
        { name: 'MdmDiagReport_RegistryDump.reg', data: sampleRegUtf16({ regedit: false }) },
        { name: 'AutopilotDDSZTDFile.json', data: strToU8(sampleZtdJson()) },
      ],
      { compression: 'lzx', windowBits: 21 },
    )
    const review = await openArchiveInWorker(archiveWorkerPath(), { name: 'diag.cab', bytesBase64: b64(cab) })
    if (review.kind !== 'windows') throw new Error('expected a Windows archive')
    expect(review.esp).toContainEqual(expect.objectContaining({ id: WIN32_FAILED, state: 'failed' }))
    // 64 MiB of zeros in one MSZIP folder: far beyond the 200× ratio.
    const bomb = writeCab([{ name: 'MdmDiagReport_RegistryDump.reg', data: new Uint8Array(64 * 1024 * 1024) }])
    await expect(openArchiveInWorker(archiveWorkerPath(), { name: 'bomb.cab', bytesBase64: b64(bomb) })).rejects.toThrow(
      /^This CAB was refused: folder 0 claims to expand \d+× \(the compression-ratio limit is 200×/,
    )
  })
})
