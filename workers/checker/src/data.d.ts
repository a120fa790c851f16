/** workers/checker/src/data/*.bin are bundled as binary by the workers/checker/wrangler.toml [[rules]] type = "Data" rule (an
 * ArrayBuffer); the benches read them from disk when their bundle loads (a Buffer: bench/checks/lib.mjs). */
declare module '*.bin' {
  const data: ArrayBuffer | Uint8Array
  export default data
}
