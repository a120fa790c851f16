/**
 * Times as the 工作台 shows them: Beijing time (Asia/Shanghai), "YYYY-MM-DD HH:mm", the same as the
 * server-rendered pages (web/labels.ts localTime), whatever the browser's own time zone.
 */
const BEIJING = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })

export function beijingTime(iso: string | null | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const p = Object.fromEntries(BEIJING.formatToParts(d).map((x) => [x.type, x.value]))
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`
}
