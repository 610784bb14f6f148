// The Node flags the app runs with: `npm start` passes them (package.json's start script spells
// them out; a test holds the two together), and so do the benchmarks and the tests that start the
// app as a process. Started another way (a container's own `node` command), pass the same.
//
// Most of what a sync allocates dies at once: each page read, each batch of rows written, PGlite's
// query buffers. Node's defaults suit a server that allocates steadily, and with the embedded
// database they made those dead objects most of a full sync's peak RSS (`npm run bench`):
// - young generation: V8 grows each of its two semi-spaces to 16 MB; at 8 MB the young
//   generation takes half the room, at the same speed;
// - old generation: V8 lets it grow to up to four times what is live before the next full
//   collection (its factor for a heap whose collections are fast); growing by half of what is
//   live keeps it near its live size, and a full collection of a heap this small takes milliseconds.
export const APP_NODE_FLAGS = ["--max-semi-space-size=8", "--heap-growing-percent=50"] as const;
