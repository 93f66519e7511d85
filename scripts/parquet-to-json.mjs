// Prints a Parquet file as JSON using hyparquet, a reader independent of Parquet.Net:
//
//   node scripts/parquet-to-json.mjs HYPARQUET_DIR FILE.parquet
//
// Output: { "metadata": {key: value}, "schema": [{name, type, repetition, logical, unit, utc}], "rows": [...] }
// where schema lists every schema element in file order and rows are objects keyed by column name
// (bigints as numbers, timestamps as ISO-8601 strings). HYPARQUET_DIR is what fetch-hyparquet.sh prints.
import { pathToFileURL } from 'node:url'
import path from 'node:path'

const [dir, file] = process.argv.slice(2)
if (!dir || !file) {
  console.error('usage: node parquet-to-json.mjs HYPARQUET_DIR FILE.parquet')
  process.exit(2)
}
const { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, toJson } =
  await import(pathToFileURL(path.join(dir, 'src', 'node.js')).href)

const buffer = await asyncBufferFromFile(file)
const metadata = await parquetMetadataAsync(buffer)
const rows = await parquetReadObjects({ file: buffer, metadata })
const out = {
  metadata: Object.fromEntries((metadata.key_value_metadata ?? []).map(kv => [kv.key, kv.value])),
  schema: metadata.schema.map(e => ({
    name: e.name,
    type: e.type ?? null,
    repetition: e.repetition_type ?? null,
    logical: e.logical_type?.type ?? e.converted_type ?? null,
    unit: e.logical_type?.unit ?? null,
    utc: e.logical_type?.isAdjustedToUTC ?? null,
  })),
  rows: toJson(rows),
}
process.stdout.write(JSON.stringify(out))
