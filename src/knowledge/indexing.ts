import { eq } from 'drizzle-orm'
import { chunkRows, rawStatement, type Db, type Statement } from '../db/client'
import { chunks, type DocKind, type Sensitivity } from '../db/schema'
import { scopeToken, toIndexText } from './bigrams'
import { chunkText } from './chunking'

export interface IndexableDoc {
  officeId: string
  kind: DocKind
  docId: string
  title: string
  body: string
  genre?: string | null
  date?: string | null
  tags: string[]
  sensitivity: Sensitivity
}

/** Removes a document's chunks and their FTS rows (contentless_delete=1 allows DELETE by rowid). */
export function unindexStatements(db: Db, docId: string): Statement[] {
  return [
    // Raw SQL: FTS5 virtual tables are outside drizzle.
    rawStatement('DELETE FROM chunks_fts WHERE rowid IN (SELECT id FROM chunks WHERE doc_id = ?)', docId),
    db.delete(chunks).where(eq(chunks.docId, docId)),
  ]
}

/**
 * Statements that write a document's chunks and search rows; callers put them in the same
 * db.batch() as the base row so a document is never half indexed.
 */
export function indexStatements(db: Db, doc: IndexableDoc): Statement[] {
  const pieces = chunkText(doc.body)
  if (!pieces.length) pieces.push({ seq: 0, headingPath: [], text: doc.title })
  const rows = pieces.map((p) => ({
    officeId: doc.officeId,
    kind: doc.kind,
    docId: doc.docId,
    seq: p.seq,
    title: doc.title,
    headingPath: p.headingPath,
    text: p.text,
    genre: doc.genre ?? null,
    date: doc.date ?? null,
    tags: doc.tags,
    sensitivity: doc.sensitivity,
  }))
  const out: Statement[] = chunkRows(rows, 11).map((group) => db.insert(chunks).values(group))
  const scope = `${scopeToken(doc.officeId)} k${doc.kind}`
  // The title is indexed with the first chunk only: repeated on every chunk of a long document it
  // would make its words match hundreds of rows each. Re-ranking still credits a title hit to
  // every chunk of the document (search.ts).
  const title = toIndexText(doc.title)
  for (const p of pieces) {
    // Raw SQL: FTS5 virtual tables are outside drizzle. The rowid comes from the chunk just written.
    out.push(
      rawStatement(
        `INSERT INTO chunks_fts (rowid, scope, title, heading, body)
         SELECT id, ?, ?, ?, ? FROM chunks WHERE doc_id = ? AND seq = ?`,
        scope,
        p.seq === 0 ? title : '',
        toIndexText(p.headingPath.join(' ')),
        toIndexText(p.text),
        doc.docId,
        p.seq,
      ),
    )
  }
  return out
}
