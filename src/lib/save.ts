/** Offers a Blob as a download through a temporary `blob:` link (small and medium outputs). */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoking synchronously can kill the download (STACK.md §5).
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
