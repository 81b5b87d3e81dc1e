/**
 * Hands a file the app made to the browser's download (browser mode) or Electron's save dialog (its
 * default for a download, see src/main/shell/download-guard.ts): the person picks where it goes, and
 * the app writes nothing outside its data folder. Used for diagnostics bundles and hand-over CSVs.
 */
export function saveDownload(fileName: string, content: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }))
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.rel = 'noopener'
  link.style.display = 'none'
  document.body.append(link)
  link.click()
  link.remove()
  // Kept a minute: Electron reads the Blob only once the save dialog is answered.
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}
