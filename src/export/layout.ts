/**
 * The figures of GB/T 9704-2012 in docx units (shared/reference/gongwen-conventions.md §0, §1):
 * twips (1/20 pt) for lengths, half-points for font sizes. Fonts are named, never embedded.
 */
import { GONGWEN_GENRES } from '../db/schema'

/** A4 (GB/T 148) and the white edges: 天头 37 mm, 订口 28 mm; bottom 35 mm and right 26 mm follow from the 156 × 225 mm 版心. */
export const PAGE = { width: 11906, height: 16838, top: 2098, bottom: 1984, left: 1588, right: 1474 } as const
/** 版心 width and height in twips: 8844 × 12756. */
export const TYPE_AREA = { width: PAGE.width - PAGE.left - PAGE.right, height: PAGE.height - PAGE.top - PAGE.bottom } as const

/** 22 lines fill the 225 mm 版心: 12756 / 22 ≈ 579.8 twips, so an exact 28.95 pt line fits 22 and not 23. */
export const LINES_PER_PAGE = 22
export const CHARS_PER_LINE = 28
export const LINE_PITCH = Math.floor(TYPE_AREA.height / LINES_PER_PAGE)

/** 字号 in half-points: 初号 42 pt … 四号 14 pt. */
export const SIZE = { chuhao: 84, xiaochu: 72, yihao: 52, erhao: 44, sanhao: 32, sihao: 28, xiaosi: 24, wuhao: 21 } as const

/** One character of 3号 body text (16 pt) in twips: the unit of 左空二字, 右空四字 … */
export const CHAR = 320
/** One character of 4号 (14 pt): page numbers and the 版记 are set in 4号. */
export const CHAR_SIHAO = 280

export const FONT = {
  /** 2号 title and the red 发文机关标志. The Founder font is commercial: named, never embedded. */
  title: '方正小标宋简体',
  body: '仿宋_GB2312',
  heading1: '黑体',
  heading2: '楷体_GB2312',
  kai: '楷体_GB2312',
  /** 页码: 4号半角宋体. */
  pageNumber: '宋体',
} as const

export const RED = 'FF0000'

/** Separator rules of the 版记: 0.35 mm thick (≈1 pt = 8 eighths) and 0.25 mm thin (≈0.75 pt = 6 eighths). */
export const RULE = { thick: 8, thin: 6, red: 12 } as const

/** How a genre is laid out: 公文 by GB/T 9704; the working genres by custom (§4 of the conventions). */
export const LAYOUTS = ['gongwen', 'speech', 'report', 'briefing', 'plain'] as const
export type Layout = (typeof LAYOUTS)[number]

export function layoutOf(genre: string): Layout {
  if ((GONGWEN_GENRES as readonly string[]).includes(genre) || genre === '督查通报') return 'gongwen'
  if (genre === '讲话稿') return 'speech'
  if (genre === '调研报告') return 'report'
  if (genre === '简报' || genre === '政务信息' || genre === '专报') return 'briefing'
  return 'plain'
}

/** 上行文 carry a 签发人 beside the 发文字号 (条例 第九条（六）). */
export const isUpward = (genre: string) => genre === '请示' || genre === '报告'
