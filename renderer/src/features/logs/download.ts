/** Save text through a Blob and `<a download>` (no Node in the renderer; works under the CSP). */
export function downloadText(fileName: string, text: string, mime: string): void {
  const blob = new Blob([text], { type: `${mime};charset=utf-8` });
  if (typeof URL.createObjectURL !== 'function') return;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoke later: the download reads the URL asynchronously.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
