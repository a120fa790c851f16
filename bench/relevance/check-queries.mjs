#!/usr/bin/env node
// Validates bench/relevance/queries.jsonl against the raw corpora.
//   node bench/relevance/check-queries.mjs [path/to/queries.jsonl]
// Checks, for every query line:
//   - JSON parses; has id, type, query, doc, answer; id is unique; type is known
//   - doc is the exact title of a record in one of the two corpora
//   - answer is 12–40 chars, occurs EXACTLY ONCE across all records' content
//     (both files), and that one occurrence is inside the named doc
// Also checks set-level rules: >= 48 queries, >= 7 per type, >= 25 distinct
// records, records from both corpus files.
// Exits 1 and lists every failure if anything is wrong. No dependencies.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..', '..'); // bench/relevance -> repo root
const corpusDir = resolve(repoRoot, '..', 'shared', 'data', 'corpora');
const CORPUS_FILES = ['government_work_reports.jsonl', 'cpc_congress_reports.jsonl'];
const TYPES = ['bigram', 'phrase', 'multi', 'paraphrase', 'mixed', 'partial'];
const MIN_QUERIES = 48;
const MIN_PER_TYPE = 7;
const MIN_DOCS = 25;

function readJsonl(path) {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line, i) => ({ line: line.trim(), n: i + 1 }))
    .filter((x) => x.line);
}

function countOccurrences(haystack, needle) {
  let count = 0;
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + 1)) count++;
  return count;
}

// Load corpora: title -> { content, file }
const records = [];
for (const file of CORPUS_FILES) {
  for (const { line, n } of readJsonl(resolve(corpusDir, file))) {
    const r = JSON.parse(line);
    if (typeof r.title !== 'string' || typeof r.content !== 'string') {
      throw new Error(`${file}:${n}: record without title/content`);
    }
    records.push({ title: r.title, content: r.content, file });
  }
}
const byTitle = new Map();
for (const r of records) {
  if (!byTitle.has(r.title)) byTitle.set(r.title, []);
  byTitle.get(r.title).push(r);
}

const queriesPath = resolve(process.argv[2] ?? resolve(here, 'queries.jsonl'));
const failures = [];
const seenIds = new Set();
const perType = Object.fromEntries(TYPES.map((t) => [t, 0]));
const docsUsed = new Set();
const filesUsed = new Set();
let total = 0;

for (const { line, n } of readJsonl(queriesPath)) {
  total++;
  let q;
  try {
    q = JSON.parse(line);
  } catch (e) {
    failures.push(`line ${n}: invalid JSON (${e.message})`);
    continue;
  }
  const tag = `line ${n} (${q.id ?? '?'})`;
  for (const k of ['id', 'type', 'query', 'doc', 'answer']) {
    if (typeof q[k] !== 'string' || !q[k].trim()) failures.push(`${tag}: missing/empty field "${k}"`);
  }
  if (typeof q.id === 'string') {
    if (seenIds.has(q.id)) failures.push(`${tag}: duplicate id`);
    seenIds.add(q.id);
  }
  if (!TYPES.includes(q.type)) failures.push(`${tag}: unknown type "${q.type}"`);
  else perType[q.type]++;
  if (typeof q.doc !== 'string' || typeof q.answer !== 'string') continue;

  const docRecs = byTitle.get(q.doc);
  if (!docRecs) failures.push(`${tag}: doc title not found: "${q.doc}"`);
  else if (docRecs.length > 1) failures.push(`${tag}: doc title is ambiguous (${docRecs.length} records): "${q.doc}"`);
  else {
    docsUsed.add(q.doc);
    filesUsed.add(docRecs[0].file);
  }

  const len = [...q.answer].length;
  if (len < 12 || len > 40) failures.push(`${tag}: answer length ${len} not in 12..40: "${q.answer}"`);

  let totalHits = 0;
  const where = [];
  for (const r of records) {
    const c = countOccurrences(r.content, q.answer);
    if (c) {
      totalHits += c;
      where.push(`${r.title}×${c}`);
    }
  }
  if (totalHits !== 1) {
    failures.push(`${tag}: answer occurs ${totalHits} times in corpus (need exactly 1): "${q.answer}"` +
      (where.length ? ` [${where.join('; ')}]` : ''));
  } else if (docRecs && docRecs.length === 1 && !docRecs[0].content.includes(q.answer)) {
    failures.push(`${tag}: answer found only in another record (${where[0]}), not in doc "${q.doc}"`);
  }
}

if (total < MIN_QUERIES) failures.push(`only ${total} queries (need >= ${MIN_QUERIES})`);
for (const t of TYPES) {
  if (perType[t] < MIN_PER_TYPE) failures.push(`type "${t}" has ${perType[t]} queries (need >= ${MIN_PER_TYPE})`);
}
if (docsUsed.size < MIN_DOCS) failures.push(`only ${docsUsed.size} distinct records (need >= ${MIN_DOCS})`);
for (const f of CORPUS_FILES) {
  if (!filesUsed.has(f)) failures.push(`no query targets a record from ${f}`);
}

const summary = `${total} queries; ` + TYPES.map((t) => `${t}=${perType[t]}`).join(', ') +
  `; ${docsUsed.size} distinct records`;
if (failures.length) {
  console.error(`FAIL: ${failures.length} problem(s) in ${queriesPath}`);
  for (const f of failures) console.error('  - ' + f);
  console.error(summary);
  process.exit(1);
}
console.log(`OK: ${summary}`);
