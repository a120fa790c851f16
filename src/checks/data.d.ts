/** src/checks/data/*.bin are bundled as binary by the wrangler [[rules]] type = "Data" rule (an
 * ArrayBuffer); the benches bundle them with esbuild's binary loader (a Uint8Array). */
declare module '*.bin' {
  const data: ArrayBuffer | Uint8Array
  export default data
}
