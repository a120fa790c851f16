import { describe, expect, it } from 'vitest'
import { TYPO_WEIGHTS } from '../../workers/checker/src/data/typo-weights'
import { FEATURES, findTypos, scoreCandidate, typoCandidates } from '../../workers/checker/src/typo-model'
import { adjustNgrams, getNgrams, getSoundIndex, leftSoundKey, ngramCount, ngramFit, rightSoundKey } from '../../workers/checker/src/typo-ngrams'
import { getSlm, slmScore, slmWordId } from '../../workers/checker/src/typo-slm'
import { modelData, ngramData, sections, slmData } from '../../workers/checker/src/typo-data'
import { byteReader, CJK_SPAN, KeyTable, pairKey } from '../../workers/checker/src/typo-hash'
import { FUZZY_PER_CHAR, fuzzySyllable, getTables, isSingleWord, likenessOf, lmScore, pairLogProb, segment, spellingKeys, wordBucket } from '../../workers/checker/src/typo-tables'

describe('typo tables', () => {
  it('spells near-homophones alike and others apart', () => {
    expect(fuzzySyllable('zhong')).toBe('zon')
    expect(fuzzySyllable('shi')).toBe('si')
    expect(fuzzySyllable('nan')).toBe('lan')
    expect(fuzzySyllable('ning')).toBe('lin')
    expect(fuzzySyllable('hu')).toBe('fu')
    expect(fuzzySyllable('hua')).toBe('hua')
    expect(fuzzySyllable('guo')).toBe('guo')
  })

  it('gives homophone words a common spelling key and other words none', () => {
    const t = getTables()
    const key = (w: string) => new Set(spellingKeys(t, w, 0, w.length))
    const shared = (a: string, b: string) => [...key(a)].some((k) => key(b).has(k))
    expect(shared('规划', '桂花')).toBe(true)
    expect(shared('执照', '支招')).toBe(true)
    expect(shared('规划', '计划')).toBe(false)
    expect(spellingKeys(t, 'a规划', 0, 3)).toEqual([])
  })

  it('looks words up by one, two, three and four characters alike', () => {
    const t = getTables()
    const text = '全面推进乡村振兴'
    expect(wordBucket(t, text, 0, 2)).toBe(t.bucket.get('全面'))
    expect(wordBucket(t, text, 4, 4)).toBe(t.bucket.get('乡村振兴'))
    expect(wordBucket(t, text, 1, 2)).toBe(t.bucket.get('面推'))
    expect(wordBucket(t, '的', 0, 1)).toBe(t.bucket.get('的'))
  })

  it('segments into dictionary words and tells single-character words', () => {
    const t = getTables()
    const clause = '自然可学基金会'
    const seg = segment(t, clause)
    expect(isSingleWord(seg.back, clause.length, 2)).toBe(true) // 可
    expect(isSingleWord(seg.back, clause.length, 0)).toBe(false) // 自然
    expect(seg.singles).toBeGreaterThanOrEqual(2)
    expect(segment(t, '自然科学基金会').score).toBeGreaterThan(seg.score)
  })
})

describe('shape neighbours', () => {
  it('knows characters that look alike though they share no component, and how alike', () => {
    const t = getTables()
    // drawn alike, no common component: only the glyph comparison finds these
    for (const pair of ['失央', '予子', '币市', '冢家', '肋助']) expect(likenessOf(t, pair[0]!, pair[1]!)).toBeGreaterThanOrEqual(6)
    // a component neighbour that looks little like it
    expect(likenessOf(t, '心', '忘')).toBeGreaterThan(0)
    expect(likenessOf(t, '心', '忘')).toBeLessThan(likenessOf(t, '心', '必'))
    // not neighbours at all
    expect(likenessOf(t, '失', '水')).toBe(0)
    expect(likenessOf(t, '失', '失')).toBe(0)
  })
})

describe('hash tables', () => {
  it('stores and finds keys at a high load, and tells keys never set', () => {
    const table = new KeyTable(3000, 0.75)
    for (let k = 0; k < 3000; k++) table.set(k * 7919 + 1, k + 0.5)
    for (let k = 0; k < 3000; k++) expect(table.get(k * 7919 + 1)).toBe(k + 0.5)
    expect(table.has(2)).toBe(false)
    expect(table.get(2)).toBe(0)
    expect(table.get(-5)).toBe(0)
  })
})

describe('generated data', () => {
  it('reads bytes and varints up to 2^53', () => {
    // 7, then 300 as a varint (0xac 0x02), then 2^40 + 5 as a varint, then the byte 0xff
    const bytes = [7, 0xac, 0x02]
    let v = 2 ** 40 + 5
    while (v >= 0x80) (bytes.push((v % 0x80) | 0x80), (v = Math.floor(v / 0x80)))
    bytes.push(v, 0xff)
    const r = byteReader(Uint8Array.from(bytes))
    expect(r.byte()).toBe(7)
    expect(r.varint()).toBe(300)
    expect(r.varint()).toBe(2 ** 40 + 5)
    expect(r.byte()).toBe(0xff)
  })

  it('splits a data file into its sections, as the bench scripts write them', () => {
    // two sections: the UTF-8 of "词" (3 bytes) and the bytes 1, 2
    const file = Uint8Array.from([3, 0, 0, 0, 0xe8, 0xaf, 0x8d, 2, 0, 0, 0, 1, 2])
    const [first, second] = sections(file.buffer)
    expect(new TextDecoder().decode(first)).toBe('词')
    expect([...second!]).toEqual([1, 2])
    expect(sections(new Uint8Array(0))).toEqual([])
  })

  it('bundles the model data as binary modules the Worker reads', () => {
    const model = modelData()
    expect(model.WORDS.split('\n').length).toBeGreaterThan(10)
    expect(model.SHAPES).toContain('失:')
    const slm = slmData()
    expect(slm.STEP).toBeGreaterThan(0)
    expect(slm.WORDS.split(' ').length).toBeGreaterThan(50_000)
    expect(ngramData().TRIPLES.length).toBeGreaterThan(100_000)
  })
})

describe('n-gram table', () => {
  it('knows the phrasing of official text and not its misspellings', () => {
    const g = getNgrams()
    expect(ngramCount(g, '问题导向', 0, 4)).toBeGreaterThan(0)
    expect(ngramCount(g, '问题导向', 1, 3)).toBeGreaterThan(0)
    expect(ngramCount(g, '问题倒向', 0, 4)).toBe(0)
    expect(ngramCount(g, '问题a向', 0, 3)).toBe(0)
    const right = ngramFit(g, '坚持问题导向', 3)
    const wrong = ngramFit(g, '坚持问题倒向', 3)
    expect(right.logSum).toBeGreaterThan(wrong.logSum)
    expect(wrong.unseen).toBeGreaterThan(right.unseen)
  })

  it('takes a sentence out and puts it back exactly (leave-one-out for training)', () => {
    const g = getNgrams()
    const text = '统筹推进乡村振兴'
    const before = [0, 1, 2, 3, 4].map((i) => ngramCount(g, text, i, 4 - (i % 2) as 3 | 4))
    adjustNgrams(text, -1)
    const during = [0, 1, 2, 3, 4].map((i) => ngramCount(g, text, i, 4 - (i % 2) as 3 | 4))
    adjustNgrams(text, +1)
    const after = [0, 1, 2, 3, 4].map((i) => ngramCount(g, text, i, 4 - (i % 2) as 3 | 4))
    expect(after).toEqual(before)
    during.forEach((c, i) => expect(c).toBe(Math.max(0, before[i]! - 1)))
  })

  it('finds the words of a sound that make a 3-gram of clean text with a neighbour', () => {
    const t = getTables()
    const index = getSoundIndex(t.fuzzyIds, FUZZY_PER_CHAR, (pair) => t.candidatePairs.has(pair))
    const ids = (ch: string) => t.fuzzyIds[(ch.charCodeAt(0) - 0x3400) * FUZZY_PER_CHAR]!
    const pairs = (key: number) => {
      const out: string[] = []
      for (let e = index.heads.get(key) - 1; e >= 0; e = index.next[e]!) {
        out.push(String.fromCharCode(Math.floor(index.pairs[e]! / CJK_SPAN) + 0x3400, (index.pairs[e]! % CJK_SPAN) + 0x3400))
      }
      return out
    }
    // 作出绝顶 → the words of jue ding after 出, and before 。 none (not Han)
    expect(pairs(leftSoundKey('出'.charCodeAt(0), ids('绝'), ids('顶')))).toContain('决定')
    expect(pairs(rightSoundKey(ids('平'), ids('谷'), '机'.charCodeAt(0)))).toContain('评估')
    expect(pairs(leftSoundKey('出'.charCodeAt(0), ids('规'), ids('划')))).not.toContain('决定')
    expect(pairKey('决定', 0)).toBeGreaterThan(0)
  })
})

describe('character bigram', () => {
  it('sums the same pair probabilities whether by string or by code', () => {
    const t = getTables()
    const s = '推进全面依法治国'
    let sum = 0
    for (let i = 1; i < s.length; i++) sum += pairLogProb(t, s.charCodeAt(i - 1), s.charCodeAt(i))
    expect(lmScore(t, s)).toBeCloseTo(sum, 9)
  })
})

describe('word-bigram model', () => {
  it('finds words by number as it does by string', () => {
    const m = getSlm()
    for (const w of ['发展', '规划纲要', '的', '人民币']) expect(m.words[slmWordId(w)!]).toBe(w)
    expect(slmWordId('规划纲')).toBeUndefined()
    expect(slmWordId('发展规划纲要')).toBeUndefined()
    // a word of the model scores as one: its segmentation is no worse than its characters apart
    expect(slmScore('规划')).toBeGreaterThan(slmScore('规') + slmScore('划') - 1e-9)
  })

  it('prefers the right homophone in context', () => {
    expect(slmScore('自然科学基金会')).toBeGreaterThan(slmScore('自然可学基金会') + 5)
    expect(slmScore('营业执照')).toBeGreaterThan(slmScore('营业支照') + 5)
    expect(slmScore('持续推进')).toBeGreaterThan(slmScore('持旭推进') + 5)
  })

  it('scores text it has no words for without failing', () => {
    expect(Number.isFinite(slmScore('鄠邑'))).toBe(true)
    expect(slmScore('')).toBe(0)
  })
})

describe('typo model', () => {
  it('proposes candidates with every feature', () => {
    const candidates = typoCandidates('在全区范围内持旭推进营商环境改革。')
    const fix = candidates.find((c) => c.wrong === '旭' && c.right === '续')
    expect(fix).toBeDefined()
    expect(fix!.start).toBe(7)
    for (const c of candidates) expect(c.features).toHaveLength(FEATURES.length)
  })

  it('has one weight tree set of the depth it says', () => {
    expect(TYPO_WEIGHTS.trees.length).toBeGreaterThan(10)
    for (const [feature, threshold, leaf] of TYPO_WEIGHTS.trees) {
      expect(feature).toHaveLength(2 ** TYPO_WEIGHTS.depth - 1)
      expect(threshold).toHaveLength(2 ** TYPO_WEIGHTS.depth - 1)
      expect(leaf).toHaveLength(2 ** TYPO_WEIGHTS.depth)
      for (const j of feature) expect(j).toBeLessThan(FEATURES.length)
    }
  })

  it('reports only candidates above the threshold, best first, never two on one character', () => {
    const text = '国家自然可学基金委、人民很行、银呆监会等部门联合印发通知，要求持旭推进。'
    const hits = findTypos(text)
    const scored = new Map(typoCandidates(text).map((c) => [`${c.start}:${c.right}`, scoreCandidate(c.features)]))
    for (const h of hits) {
      expect(h.score).toBeGreaterThan(TYPO_WEIGHTS.threshold)
      expect(scored.get(`${h.start}:${h.right}`)).toBeCloseTo(h.score)
      expect(text.slice(h.start, h.end)).toBe(h.wrong)
    }
    for (let i = 1; i < hits.length; i++) expect(hits[i]!.start).toBeGreaterThanOrEqual(hits[i - 1]!.end)
    expect(hits.map((h) => `${h.wrong}→${h.right}`)).toEqual(expect.arrayContaining(['很→银', '旭→续']))
    // a lower threshold reports at least as much
    expect(findTypos(text, TYPO_WEIGHTS.threshold - 2).length).toBeGreaterThanOrEqual(hits.length)
  })

  it('finds the wrong word of the right sound where every character pair is common (绝顶 for 决定)', () => {
    expect(findTypos('由董事会或者经理层作出绝顶。').map((h) => `${h.wrong}→${h.right}`)).toEqual(['绝顶→决定'])
    expect(findTypos('建立第三方机构平谷机制。').map((h) => `${h.wrong}→${h.right}`)).toEqual(['平谷→评估'])
  })

  it('corrects a character into one that only looks like it (OCR, 五笔)', () => {
    const found = (text: string) => findTypos(text).map((h) => `${h.wrong}→${h.right}`)
    expect(found('由中失和国家机关工委统一部署。')).toEqual(['失→央'])
    expect(found('各级领导班予要带头落实。')).toEqual(['予→子'])
    expect(found('请各单位于月底前报送币场监管情况。')).toEqual(['币→市'])
    const fix = typoCandidates('防控工作中处于辅肋地位。').find((c) => c.wrong === '肋' && c.right === '助')
    expect(fix!.features[FEATURES.indexOf('glyphLikeness')]).toBeGreaterThanOrEqual(6)
  })

  it('leaves clean official text alone', () => {
    const clean = [
      '坚持以人民为中心的发展思想，扎实推进共同富裕。',
      '国家发展改革委、财政部、自然资源部按职责分工负责。',
      '各级党委（党组）要切实履行主体责任，确保各项任务落到实处。',
      '内蒙古自治区阿拉善右旗坚持因地制宜、分类施策。',
    ]
    for (const text of clean) expect(findTypos(text)).toEqual([])
  })
})
