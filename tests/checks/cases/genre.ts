import type { CaseTable } from '../run-cases'

export const genreCases: CaseTable = {
  'genre.request.one-matter': {
    hit: [{ text: '关于增加经费的请示\n区政府：\n拟增加经费。妥否，请批示。\n另拟新建办公楼。当否，请批示。', excerpt: '当否，请批示' }],
    clean: ['关于增加经费的请示\n区政府：\n拟增加经费。妥否，请批示。', { text: '妥否，请批示。妥否，请批示。', genre: '报告' }],
  },
  'genre.report.carries-request': {
    hit: [{ text: '关于防汛工作情况的报告\n区政府：\n今年防汛工作顺利。拟追加经费50万元，妥否，请批示。', excerpt: '妥否，请批示' }, { text: '请予批复。', genre: '通知' }],
    clean: ['关于追加经费的请示\n区政府：\n拟追加经费50万元，妥否，请批示。', '关于防汛工作情况的报告\n区政府：\n今年防汛工作顺利。特此报告。'],
  },
  'genre.request.report-hybrid': {
    hit: [{ text: '关于追加防汛经费的请示报告\n区政府：\n正文。', excerpt: '请示报告' }],
    clean: ['关于追加防汛经费的请示\n区政府：\n正文。'],
  },
  'genre.upward.multiple-recipients': {
    hit: ['关于追加防汛经费的请示\n区委、区政府：\n正文。', { text: '正文。', genre: '报告', fields: { recipients: ['区委', '区政府'] } }],
    clean: ['关于追加防汛经费的请示\n区政府：\n正文。', '关于做好防汛工作的通知\n各街道、各部门：\n正文。'],
  },
  'genre.upward.to-person': {
    hit: ['关于追加防汛经费的请示\n张某某区长：\n正文。'],
    clean: ['关于追加防汛经费的请示\n区政府：\n正文。'],
  },
  'genre.upward.signer': {
    hit: ['关于追加防汛经费的请示\n区政府：\n正文。'],
    clean: ['签发人：张某某\n关于追加防汛经费的请示\n区政府：\n正文。', { text: '关于追加防汛经费的请示\n区政府：\n正文。', fields: { signer: '张某某' } }],
  },
  'genre.closing.mismatch': {
    hit: [{ text: '关于做好防汛工作的通知\n各街道：\n请认真落实。\n特此报告。', excerpt: '特此报告' }],
    clean: ['关于做好防汛工作的通知\n各街道：\n请认真落实。\n特此通知。', '关于防汛工作情况的报告\n区政府：\n特此报告。'],
  },
  'genre.closing.missing': {
    hit: ['关于追加防汛经费的请示\n区政府：\n今年汛期提前，防汛物资储备不足，需追加经费五十万元用于采购沙袋、救生衣和抽水设备，保障汛期安全。'],
    clean: ['关于追加防汛经费的请示\n区政府：\n今年汛期提前，防汛物资储备不足，需追加经费五十万元用于采购沙袋、救生衣和抽水设备，保障汛期安全。妥否，请批示。'],
  },
  'genre.honorific.gui-full-name': {
    hit: [{ text: '恳请贵区发展和改革委员会予以支持。', excerpt: '贵区发展和改革委员会' }],
    clean: ['恳请贵委予以支持。', '贵州省教育厅来函。'],
  },
  'genre.honorific.mixed': {
    hit: [{ text: '贵局来函收悉。现将你局所询问题答复如下。', excerpt: '你局' }],
    clean: ['贵局来函收悉。现将贵局所询问题答复如下。', '你局来函收悉。'],
  },
  'genre.honorific.upward-ni': {
    hit: [{ text: '关于追加经费的请示\n区财政局：\n恳请你局支持。', excerpt: '你局' }],
    clean: ['关于追加经费的请示\n区财政局：\n恳请贵局支持。', { text: '你局来函收悉。', genre: '批复' }],
  },
  'genre.internal-unit': {
    hit: [{ text: '正文。', fields: { issuer: '区教育局办公科' } }],
    clean: [{ text: '正文。', fields: { issuer: '区教育局' } }, { text: '正文。', fields: { issuer: '区委办公室' } }],
  },
  'genre.reply.without-request': {
    hit: ['关于同意设立某街道便民服务中心的批复\n某街道办事处：\n同意设立便民服务中心，所需经费由街道自行解决。此复。'],
    clean: ['关于同意设立某街道便民服务中心的批复\n某街道办事处：\n你街道《关于设立便民服务中心的请示》收悉。经研究，同意设立。此复。'],
  },
}
