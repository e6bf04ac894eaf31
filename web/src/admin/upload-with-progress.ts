import { authHeaders } from '../shared/api-key.js';

/**
 * Multipart upload with progress: fetch() cannot report upload progress, XMLHttpRequest can.
 * Resolves with the status and JSON body whatever the status (a 207 lists per-file outcomes).
 */
export function uploadWithProgress(url: string, files: File[], onProgress: (percent: number) => void) {
  return new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
    const form = new FormData();
    for (const f of files) form.append('file', f, f.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    for (const [name, value] of Object.entries(authHeaders())) xhr.setRequestHeader(name, value);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onload = () => resolve({ status: xhr.status, body: (xhr.response as Record<string, unknown>) ?? {} });
    xhr.onerror = () => reject(new Error('network error'));
    xhr.send(form);
  });
}
