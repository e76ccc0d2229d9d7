/**
 * Reading a chosen file and offering text as a download, with only what a sandboxed renderer has:
 * File/FileReader and Blob URLs clicked through an `<a download>` (Electron then asks where to save).
 */

/** The file name the presets export is offered under. */
export const PRESETS_EXPORT_FILE = 'multiopen-presets.json';

/** The text of a file the user chose (UTF-8). */
export function readFileText(file: Blob): Promise<string> {
  if (typeof file.text === 'function') return file.text();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsText(file);
  });
}

/** Offers `text` as a download named `fileName`; returns the anchor that was clicked (for tests). */
export function downloadText(fileName: string, text: string, type = 'application/json'): HTMLAnchorElement {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoked later, not at once: the browser reads the Blob after the click returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return a;
}
