// pdfjs-dist ships no declarations for its worker module; rubricpress loads it only for its effect
// (it sets globalThis.pdfjsWorker, which pdfjs's in-thread worker uses).
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: unknown;
}
