// 简体中文：控制台的默认语言。术语与 domain.md 的词汇表一致（补充耕地指标、增减挂钩节余指标、调剂、挂钩、核销、扣减）。
export default {
  app: { title: '内蒙古土地指标台账', language: '语言', signOut: '退出', cst: '北京时间' },
  language: { 'zh-CN': '中文', en: 'English' },
  nav: { overview: '全区总览', mine: '本级', work: '待办', trading: '交易', exports: '导出' },
  role: { centre: '自治区储备中心', prefecture: '盟市', county: '旗县', buyer: '买方' },
  level: { region: '自治区', prefecture: '盟市', county: '旗县' },
  signIn: {
    title: '登录',
    issuerIntro: '使用单位统一身份认证登录。',
    withIssuer: '统一身份认证登录',
    devIntro: '开发环境：在仓库目录运行以下命令生成令牌，粘贴到下方。',
    token: '开发令牌',
    submit: '登录',
    noIssuer: '未配置身份认证：请管理员设置 Auth:Authority 与 Console:Oidc:ClientId。',
    expired: '登录已过期，请重新登录。',
  },
  problem: { stale: '该事项已被他人处理或更新，本次操作未生效。请刷新后重新查看。', failed: '操作失败' },
  field: {
    kind: '指标类型', measure: '计量', holder: '持有方', bucket: '状态', prefecture: '盟市', county: '旗县',
    reason: '理由', bankReference: '银行流水号', amount: '金额（元）', summary: '核查情况', verifiedArea: '验收面积（亩）',
    acceptedOn: '验收日期',
  },
  kind: { replenishment: '补充耕地指标', linkage_surplus: '增减挂钩节余指标' },
  measure: { area: '面积', grainCapacity: '粮食产能', paddyArea: '水田面积' },
  unit: { mu: '亩', area: '亩', paddyArea: '亩', grainCapacity: '公斤', yuan: '元' },
  bucket: {
    issued: '入库', received: '调入', available: '可用', frozen: '冻结', reserved: '预留', held: '持有合计', consumed: '已核销',
    deducted: '已扣减', sold: '已出让', transferred_out: '已调出',
  },
  overview: {
    title: '全区总览', balances: '各盟市指标余额（含所辖旗县）', centre: '自治区本级', total: '合计',
    progressYear: '年度计划完成情况', progressSpan: '五年计划完成情况', target: '计划目标', issued: '已入库',
    map: '各盟市五年计划完成率（{period}）', progressTable: '计划完成明细（{period}）',
  },
  holder: {
    balances: '指标余额', asOf: '截至日期（北京时间当日末）', show: '查询', asOfShown: '截至 {at}', counties: '所辖旗县',
    lots: '持有的指标批次', noLots: '暂无指标批次。', history: '台账流水',
  },
  lot: {
    lot: '批次', project: '项目', origin: '来源旗县', provenance: '来源追溯', byTransfer: '经调剂', application: '入库申请',
    grade: '质量等级', history: '批次历史',
  },
  landSource: {
    unused_land: '未利用地开发', construction_land_reclamation: '建设用地复垦', mine_wasteland_reclamation: '工矿废弃地复垦',
    farmland_consolidation: '耕地提质改造', rural_homestead_reclamation: '农村宅基地复垦', severely_desertified_land: '严重沙化土地',
    illegally_cleared_forest_or_grassland: '毁林毁草开垦', filled_lake: '围湖造田', river_beach: '河滩地', filled_wetland: '填占湿地',
    steep_slope: '陡坡地',
  },
  history: { when: '时间', event: '事项', change: '变动', who: '经办人', organisation: '单位', why: '理由' },
  event: {
    lot_issued: '入库', lot_received: '调入', lot_issuance_reversed: '撤销入库', lot_quota_reserved: '预留',
    lot_reservation_released: '解除预留', lot_reservation_transferred: '调出', lot_reservation_written_off: '核销',
    lot_write_off_reversed: '撤销核销', lot_quota_frozen: '冻结', lot_quota_unfrozen: '解冻', lot_quota_deducted: '扣减',
    lot_deduction_reversed: '撤销扣减', lot_quota_sold: '出让',
  },
  work: {
    title: '待办事项', none: '暂无待办。', storage: '待审批的入库申请', transfers: '待决定的调剂', listingsUnderReview: '待审核的挂牌',
    deposits: '待确认的保证金', payments: '待确认的成交价款', patrol: '逾期的卫片核查事项', commitments: '逾期的复垦承诺',
    consent: '待本县同意出让的挂牌', filedOn: '申请日', proposedBy: '申请人', dueOn: '期限',
  },
  action: {
    approve: '批准', reject: '退回', withdraw: '撤回', publish: '审核通过并公告', consent: '同意出让', confirmDeposit: '确认到账',
    confirmPayment: '确认收款', forward: '已转发', report: '上报核查结果', fulfil: '确认验收', cancel: '取消', reload: '刷新',
  },
  mode: { fixed_price: '挂牌', auction: '拍卖' },
  trading: {
    title: '指标交易', publicNotices: '公告页（公开）', listings: '挂牌与拍卖', noListings: '暂无挂牌。', number: '编号',
    seller: '出让方', mode: '方式', stage: '阶段', quantity: '数量', remaining: '剩余', bestPrice: '当前价', timeLeft: '本阶段剩余时间',
    bids: '竞价记录', orders: '摘牌记录', noOffers: '暂无出价。', buyer: '买方', unitPrice: '单价', deals: '成交',
    noDeals: '暂无成交。', status: '状态', price: '成交价', outstanding: '待付', nextDeadline: '付款期限', startPrice: '起始价',
  },
  listingStatus: {
    draft: '草稿', under_review: '审核中', notice: '公告期', trading: '交易中', provisional_deal: '拟成交', publicity: '结果公示',
    deal: '已成交', delivered: '已交割', defaulted: '违约', no_deal: '未成交', suspended: '中止', withdrawn: '撤回', terminated: '终止',
  },
  dealStatus: { awaiting_payment: '待付款', paid: '已付款', delivered: '已交割', defaulted: '违约' },
  exports: {
    title: '数据导出（CSV）', allHolders: '空：全区', period: '计划期', from: '起始日', to: '截止日',
    balances: '指标余额', balancesHint: '截至当前，各持有方、类型、状态', movements: '台账流水', movementsHint: '某持有方在起止日之间的变动（须填持有方）',
    progress: '计划完成情况', progressHint: '按计划期、类型、盟市', campaigns: '核查行动', campaignsHint: '问题清单、抽样与结果',
    saved: '已下载 {file}',
  },
}
