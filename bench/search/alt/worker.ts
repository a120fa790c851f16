/**
 * The alternatives people use for Chinese search on SQLite/D1, run on the same chunks as Wenfu:
 *  - /trigram: FTS5 `trigram` for terms of 3+ characters, LIKE (instr) for 1–2 character terms;
 *    a chunk's score is the number of terms it contains, ties by BM25.
 *  - /like: every term as a substring (instr, since D1 limits LIKE patterns to 50 bytes), in stored order.
 */
interface Env {
  DB: D1Database
}

const terms = (q: string) =>
  q
    .normalize('NFKC')
    .replace(/["“”「」]/g, ' ')
    .split(/[^\p{L}\p{N}.%]+/u)
    .map((t) => t.toLowerCase())
    .filter(Boolean)

async function setup(db: D1Database) {
  await db.batch([
    db.prepare('CREATE TABLE IF NOT EXISTS chunks (id INTEGER PRIMARY KEY, title TEXT, body TEXT)'),
    db.prepare(
      "CREATE VIRTUAL TABLE IF NOT EXISTS tri USING fts5(title, body, content='chunks', content_rowid='id', tokenize='trigram')",
    ),
  ])
}

export default {
  async fetch(req: Request, env: Env): Promise<Response> {
    const url = new URL(req.url)
    const db = env.DB
    if (url.pathname === '/load') {
      await setup(db)
      const rows = (await req.json()) as { id: number; title: string; text: string }[]
      const stmts = rows.flatMap((r) => [
        db.prepare('INSERT INTO chunks (id, title, body) VALUES (?, ?, ?)').bind(r.id, r.title, r.text.toLowerCase()),
        db.prepare('INSERT INTO tri (rowid, title, body) VALUES (?, ?, ?)').bind(r.id, r.title, r.text.toLowerCase()),
      ])
      await db.batch(stmts)
      return Response.json({ loaded: rows.length })
    }
    const q = url.searchParams.get('q') ?? ''
    const limit = Number(url.searchParams.get('limit') ?? 10)
    const ts = terms(q)
    if (!ts.length) return Response.json({ ids: [] })
    const contains = ts.map(() => 'instr(lower(title) || body, ?) > 0')
    if (url.pathname === '/like') {
      const { results } = await db
        .prepare(`SELECT id FROM chunks WHERE ${contains.join(' AND ')} ORDER BY id LIMIT ?`)
        .bind(...ts, limit)
        .all<{ id: number }>()
      return Response.json({ ids: results.map((r) => r.id) })
    }
    if (url.pathname === '/trigram') {
      const long = ts.filter((t) => [...t].length >= 3)
      const short = ts.filter((t) => [...t].length < 3)
      const candidates = new Map<number, number>()
      if (long.length) {
        const match = long.map((t) => `"${t.replace(/"/g, '')}"`).join(' OR ')
        const { results } = await db
          .prepare('SELECT rowid AS id, bm25(tri, 5.0, 1.0) AS bm FROM tri WHERE tri MATCH ? ORDER BY bm LIMIT 200')
          .bind(match)
          .all<{ id: number; bm: number }>()
        for (const r of results) candidates.set(r.id, r.bm)
      }
      if (short.length) {
        const { results } = await db
          .prepare(`SELECT id FROM chunks WHERE ${short.map(() => 'instr(lower(title) || body, ?) > 0').join(' OR ')} LIMIT 2000`)
          .bind(...short)
          .all<{ id: number }>()
        for (const r of results) if (!candidates.has(r.id)) candidates.set(r.id, 0)
      }
      if (!candidates.size) return Response.json({ ids: [] })
      const ids = [...candidates.keys()]
      const scored: { id: number; hits: number; bm: number }[] = []
      for (let i = 0; i < ids.length; i += 90) {
        const part = ids.slice(i, i + 90)
        const { results } = await db
          .prepare(`SELECT id, lower(title) || body AS hay FROM chunks WHERE id IN (${part.map(() => '?').join(',')})`)
          .bind(...part)
          .all<{ id: number; hay: string }>()
        for (const r of results) scored.push({ id: r.id, hits: ts.filter((t) => r.hay.includes(t)).length, bm: candidates.get(r.id) ?? 0 })
      }
      scored.sort((a, b) => b.hits - a.hits || a.bm - b.bm || a.id - b.id)
      return Response.json({ ids: scored.slice(0, limit).map((s) => s.id) })
    }
    if (url.pathname === '/healthz') return Response.json({ ok: true })
    return new Response('not found', { status: 404 })
  },
}
