import type { CaseTable } from '../run-cases'

const doc = (body: string) => `关于做好防汛工作的通知\n各街道党工委、办事处：\n${body}`

export const formatCases: CaseTable = {
  'format.doc-number.bracket': {
    hit: [
      { text: '根据区委办发[2024]12号文件', excerpt: '[2024]', suggestion: '〔2024〕' },
      { text: '区政办发（2023）5号', suggestion: '〔2023〕' },
      { text: '正文', fields: { docNumber: '区委发【2024】3号' }, suggestion: '〔2024〕' },
    ],
    clean: ['根据区委办发〔2024〕12号文件', '（2024）京0101民初123号判决'],
  },
  'format.doc-number.ordinal': {
    hit: [{ text: '区委办发〔2024〕第12号', excerpt: '第', suggestion: '' }],
    clean: ['区委办发〔2024〕12号', '这是第12号文件'],
  },
  'format.doc-number.leading-zero': {
    hit: [{ text: '区委办发〔2024〕012号', excerpt: '0', suggestion: '' }],
    clean: ['区委办发〔2024〕102号', '区委办发〔2024〕10号'],
  },
  'format.doc-number.short-year': {
    hit: [{ text: '区委办发〔24〕12号', excerpt: '24', suggestion: null }],
    clean: ['区委办发〔2024〕12号'],
  },
  'format.doc-number.missing-hao': {
    hit: [{ text: '按照区委办发〔2024〕12文件要求', excerpt: '12', suggestion: '12号' }],
    clean: ['按照区委办发〔2024〕12号文件要求', '区委办发〔2024〕12、13号'],
  },
  'format.doc-number.year-digits': {
    hit: [{ text: '区委办发〔二〇二四〕12号', suggestion: '2024' }, { text: '区委发〔２０２４〕3号', suggestion: '2024' }],
    clean: ['区委办发〔2024〕12号'],
  },
  'format.doc-number.spaces': {
    hit: [{ text: '区委办发〔 2024 〕 12 号', suggestion: '〔2024〕12号' }],
    clean: ['区委办发〔2024〕12号'],
  },
  'format.date.leading-zero': {
    hit: [{ text: '特此通知。\n区委办公室\n2024年03月05日', excerpt: '0', suggestion: '' }],
    clean: ['特此通知。\n区委办公室\n2024年3月5日'],
  },
  'format.date.chinese-numerals': {
    hit: [{ text: '特此通知。\n二〇二四年三月五日', suggestion: '2024年3月5日' }],
    clean: ['特此通知。\n2024年3月5日', '会议于二〇二四年三月五日召开。'],
  },
  'format.date.short-year': {
    hit: [{ text: '特此通知。\n24年3月5日', excerpt: '24' }],
    clean: ['特此通知。\n2024年3月5日'],
  },
  'format.date.invalid': {
    hit: [{ text: '会议定于2024年2月30日召开。', excerpt: '2024年2月30日' }, '2023年13月1日'],
    clean: ['会议定于2024年2月29日召开。', '2023年4月30日'],
  },
  'format.date.numeric-form': {
    hit: [{ text: '特此通知。\n区委办公室\n2024-03-05', suggestion: '2024年3月5日' }, { text: '特此通知。\n2024.3.5', suggestion: '2024年3月5日' }],
    clean: ['特此通知。\n区委办公室\n2024年3月5日', '版本号\n2024.3.5\n之后还有很多行\n一\n二\n三\n四\n五\n六\n七'],
  },
  'format.date.print-before-sign': {
    hit: ['特此通知。\n2024年3月5日\n区委办公室 2024年3月1日印发', { text: '正文', fields: { date: '2024-03-05', printDate: '2024-03-04' } }],
    clean: ['特此通知。\n2024年3月5日\n区委办公室 2024年3月6日印发', { text: '正文', fields: { date: '2024-03-05', printDate: '2024-03-05' } }],
  },
  'format.date.field-mismatch': {
    hit: [{ text: '特此通知。\n2024年3月5日', fields: { date: '2024-03-06' } }],
    clean: [{ text: '特此通知。\n2024年3月5日', fields: { date: '2024-03-05' } }, '特此通知。\n2024年3月5日'],
  },
  'format.heading.skip': {
    hit: [{ text: doc('一、总体要求\n内容。\n三、保障措施\n内容。'), excerpt: '三、' }],
    clean: [doc('一、总体要求\n内容。\n二、保障措施\n内容。')],
  },
  'format.heading.repeat': {
    hit: [{ text: doc('一、要求\n（一）加强领导\n（一）压实责任'), excerpt: '（一）' }],
    clean: [doc('一、要求\n（一）加强领导\n（二）压实责任')],
  },
  'format.heading.start': {
    hit: [{ text: doc('一、要求\n（二）加强领导\n（三）压实责任'), excerpt: '（二）' }],
    clean: [doc('一、要求\n（一）加强领导\n（二）压实责任'), doc('三、保障措施\n（一）加强领导')],
  },
  'format.heading.level-jump': {
    hit: [{ text: doc('一、要求\n（1）加强领导'), excerpt: '（1）' }, doc('一、要求\n（一）领导\n（1）责任')],
    clean: [doc('一、要求\n（一）领导\n1.责任\n（1）分工'), doc('一、要求\n1.加强领导\n2.压实责任')],
  },
  'format.heading.half-width-bracket': {
    hit: [{ text: doc('一、要求\n(一)加强领导'), suggestion: '（一）' }],
    clean: [doc('一、要求\n（一）加强领导')],
  },
  'format.title.trailing-punct': {
    hit: [{ text: '关于做好防汛工作的通知。\n各街道：\n正文。', excerpt: '。', suggestion: '' }, { text: '正文。', fields: { title: '关于做好防汛工作的通知。' } }],
    clean: ['关于做好防汛工作的通知\n各街道：\n正文。'],
  },
  'format.title.punctuation': {
    hit: [{ text: '关于做好防汛工作，确保安全度汛的通知\n各街道：\n正文。', excerpt: '，' }],
    clean: ['关于印发《防汛工作方案》的通知\n各街道：\n正文。', '关于做好防汛、抗旱工作的通知\n正文。'],
  },
  'format.title.genre-missing': {
    hit: [{ text: '关于做好防汛工作的安排\n各街道：\n正文。', genre: '通知' }],
    clean: [{ text: '关于做好防汛工作的通知\n各街道：\n正文。', genre: '通知' }, { text: '关于做好防汛工作的安排\n正文。', genre: '讲话稿' }],
  },
  'format.title.genre-mismatch': {
    hit: [{ text: '关于增加防汛经费的报告\n区政府：\n正文。', genre: '请示', excerpt: '报告' }],
    clean: [{ text: '关于增加防汛经费的请示\n区政府：\n正文。', genre: '请示' }, { text: '关于印发防汛工作方案的通知\n正文。', genre: '通知' }],
  },
  'format.title.length': {
    hit: ['关于进一步加强和改进新时代全区基层党组织建设推动基层治理体系和治理能力现代化的实施意见\n正文。'],
    clean: ['关于做好防汛工作的通知\n正文。'],
  },
  'format.recipient.half-width-colon': {
    hit: [{ text: '关于做好防汛工作的通知\n各街道党工委、办事处:\n正文。', suggestion: '：' }],
    clean: ['关于做好防汛工作的通知\n各街道党工委、办事处：\n正文。'],
  },
  'format.recipient.missing-colon': {
    hit: [{ text: '关于做好防汛工作的通知\n各街道党工委、办事处\n正文。', suggestion: '处：' }, { text: '关于做好防汛工作的通知\n各街道党工委、办事处，\n正文。', suggestion: '：' }],
    clean: ['关于做好防汛工作的通知\n各街道党工委、办事处：\n正文。', '关于做好防汛工作的通知\n近期全区降雨偏多，各单位要做好准备。'],
  },
  'format.attachment.colon': {
    hit: [{ text: '正文。\n附件:防汛工作方案', suggestion: '：' }, { text: '正文。\n附件 1.防汛工作方案\n2.责任清单', suggestion: '：' }],
    clean: ['正文。\n附件：防汛工作方案'],
  },
  'format.attachment.trailing-punct': {
    hit: [{ text: '正文。\n附件：1.防汛工作方案；\n2.责任清单。', excerpt: '；' }],
    clean: ['正文。\n附件：1.防汛工作方案\n2.责任清单'],
  },
  'format.attachment.number-form': {
    hit: [{ text: '正文。\n附件：1、防汛工作方案\n2、责任清单', suggestion: '1.' }],
    clean: ['正文。\n附件：1.防汛工作方案\n2.责任清单'],
  },
  'format.attachment.sequence': {
    hit: ['正文。\n附件：1.防汛工作方案\n3.责任清单'],
    clean: ['正文。\n附件：1.防汛工作方案\n2.责任清单'],
  },
  'format.attachment.single-numbered': {
    hit: ['正文。\n附件：1.防汛工作方案'],
    clean: ['正文。\n附件：防汛工作方案', '正文。\n附件：1.防汛工作方案\n2.责任清单'],
  },
  'format.attachment.reference': {
    hit: [{ text: '具体安排见附件3。\n附件：1.防汛工作方案\n2.责任清单', excerpt: '3' }],
    clean: ['具体安排见附件2。\n附件：1.防汛工作方案\n2.责任清单'],
  },
  'format.attachment.unlisted': {
    hit: ['具体安排见附件。'],
    clean: ['具体安排见附件。\n附件：防汛工作方案', '具体安排另行通知。'],
  },
  'format.cc.colon': {
    hit: [{ text: '正文。\n抄送:区人大办，区政协办。', suggestion: '：' }],
    clean: ['正文。\n抄送：区人大办，区政协办。'],
  },
  'format.cc.end-period': {
    hit: [{ text: '正文。\n抄送：区人大办，区政协办', suggestion: '办。' }, { text: '正文。\n抄送：区人大办，区政协办，', suggestion: '。' }],
    clean: ['正文。\n抄送：区人大办，区政协办。'],
  },
  'format.cc.separator': {
    hit: ['正文。\n抄送：区人大办、区政协办。'],
    clean: ['正文。\n抄送：区人大办，区政协办。'],
  },
  'format.annotation.brackets': {
    hit: [{ text: '正文。\n(此件公开发布)', suggestion: '（此件公开发布）' }],
    clean: ['正文。\n（此件公开发布）'],
  },
  'format.classified-mark': {
    hit: ['机密★1年\n关于某事项的通知', '秘密 ★'],
    clean: ['要严格保守国家秘密。', '机密文件管理办法'],
  },
}
