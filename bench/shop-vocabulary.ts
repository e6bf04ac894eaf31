/**
 * Word lists for the synthetic shop/support corpus and its queries. Lists are ordered roughly by
 * how often a real help centre uses them: the generator picks with a Zipf skew, so the first
 * entries become the corpus's common terms and the tail its rare, selective ones.
 */

export interface ProductFamily {
  prefix: string;
  zh: string;
  en: string;
  featuresZh: string[];
  featuresEn: string[];
  faultsZh: string[];
  faultsEn: string[];
}

export const PRODUCT_FAMILIES: ProductFamily[] = [
  {
    prefix: 'LM', zh: '无线路由器', en: 'wireless router',
    featuresZh: ['双频Wi-Fi', 'Mesh组网', '访客网络', '家长控制', '端口转发', '信号覆盖'],
    featuresEn: ['dual-band Wi-Fi', 'mesh networking', 'guest network', 'parental controls', 'port forwarding', 'signal coverage'],
    faultsZh: ['频繁掉线', '指示灯一直闪红灯', '无法获取IP地址', '网速很慢', '管理页面打不开'],
    faultsEn: ['keeps dropping the connection', 'LED keeps blinking red', 'cannot obtain an IP address', 'internet is very slow', 'admin page will not open'],
  },
  {
    prefix: 'KB', zh: '机械键盘', en: 'mechanical keyboard',
    featuresZh: ['热插拔轴体', 'RGB背光', '三模连接', '宏编程', '全键无冲'],
    featuresEn: ['hot-swappable switches', 'RGB backlight', 'tri-mode connection', 'macro programming', 'full n-key rollover'],
    faultsZh: ['按键连击', '蓝牙配对失败', '背光不亮', '部分按键失灵'],
    faultsEn: ['keys double-typing', 'Bluetooth pairing fails', 'backlight does not turn on', 'some keys stop working'],
  },
  {
    prefix: 'PX', zh: '家用投影仪', en: 'home projector',
    featuresZh: ['自动对焦', '梯形校正', '4K解码', '低噪音风扇', '投屏'],
    featuresEn: ['autofocus', 'keystone correction', '4K decoding', 'quiet fan', 'screen mirroring'],
    faultsZh: ['画面模糊', '风扇噪音大', '投屏卡顿', '开机黑屏'],
    faultsEn: ['blurry picture', 'loud fan noise', 'screen mirroring stutters', 'black screen at start-up'],
  },
  {
    prefix: 'TV', zh: '智能电视', en: 'smart TV',
    featuresZh: ['杜比视界', '语音遥控', '120Hz刷新率', '儿童模式'],
    featuresEn: ['Dolby Vision', 'voice remote', '120Hz refresh rate', 'kids mode'],
    faultsZh: ['遥控器没反应', '屏幕有亮线', '无法连接网络', '声音和画面不同步'],
    faultsEn: ['remote does not respond', 'bright line on the screen', 'cannot connect to the network', 'audio out of sync'],
  },
  {
    prefix: 'HS', zh: '降噪耳机', en: 'noise-cancelling headphones',
    featuresZh: ['主动降噪', '通透模式', '多设备连接', '续航40小时'],
    featuresEn: ['active noise cancelling', 'transparency mode', 'multipoint connection', '40-hour battery life'],
    faultsZh: ['单边没声音', '充电盒无法充电', '降噪有电流声', '通话对方听不清'],
    faultsEn: ['no sound on one side', 'charging case will not charge', 'hissing with noise cancelling on', 'callers cannot hear me'],
  },
  {
    prefix: 'AC', zh: '变频空调', en: 'inverter air conditioner',
    featuresZh: ['一级能效', '自清洁', '静音睡眠', '远程控制'],
    featuresEn: ['top energy rating', 'self-cleaning', 'quiet sleep mode', 'remote control via app'],
    faultsZh: ['不制冷', '室内机漏水', '显示E1故障码', '外机噪音大'],
    faultsEn: ['not cooling', 'indoor unit leaking water', 'showing error code E1', 'outdoor unit is noisy'],
  },
  {
    prefix: 'WM', zh: '滚筒洗衣机', en: 'front-load washing machine',
    featuresZh: ['洗烘一体', '除菌洗', '智能投放', '变频电机'],
    featuresEn: ['washer-dryer combo', 'sanitising wash', 'auto detergent dosing', 'inverter motor'],
    faultsZh: ['无法排水', '脱水时震动大', '门锁打不开', '显示E21'],
    faultsEn: ['will not drain', 'shakes hard when spinning', 'door stays locked', 'showing E21'],
  },
  {
    prefix: 'RF', zh: '对开门冰箱', en: 'side-by-side refrigerator',
    featuresZh: ['风冷无霜', '变温抽屉', '制冰机', '净味系统'],
    featuresEn: ['frost-free cooling', 'convertible drawer', 'ice maker', 'odour filter'],
    faultsZh: ['冷藏室结冰', '压缩机不停机', '制冰机不出冰'],
    faultsEn: ['fridge compartment freezing up', 'compressor never stops', 'ice maker makes no ice'],
  },
  {
    prefix: 'NB', zh: '轻薄笔记本', en: 'ultrabook laptop',
    featuresZh: ['雷电4接口', '2.8K屏幕', '快充', '指纹解锁'],
    featuresEn: ['Thunderbolt 4 ports', '2.8K display', 'fast charging', 'fingerprint unlock'],
    faultsZh: ['电池不充电', '风扇狂转', '触控板失灵', '蓝屏重启'],
    faultsEn: ['battery not charging', 'fan running at full speed', 'touchpad not working', 'blue screen and restart'],
  },
  {
    prefix: 'SP', zh: '蓝牙音箱', en: 'Bluetooth speaker',
    featuresZh: ['IPX7防水', '立体声配对', '低音增强'],
    featuresEn: ['IPX7 waterproofing', 'stereo pairing', 'bass boost'],
    faultsZh: ['连接后没有声音', '自动关机', '充电指示灯不亮'],
    faultsEn: ['connected but no sound', 'turns itself off', 'charging light stays off'],
  },
  {
    prefix: 'RV', zh: '扫地机器人', en: 'robot vacuum',
    featuresZh: ['激光导航', '自动集尘', '拖扫一体', '禁区设置'],
    featuresEn: ['lidar navigation', 'self-emptying dock', 'vacuum and mop', 'no-go zones'],
    faultsZh: ['找不到充电座', '主刷缠毛发', '地图丢失', '提示轮子悬空'],
    faultsEn: ['cannot find the dock', 'hair tangled in the main brush', 'map was lost', 'wheel suspended warning'],
  },
  {
    prefix: 'ET', zh: '电动牙刷', en: 'electric toothbrush',
    featuresZh: ['声波震动', '压力提醒', '旅行盒'],
    featuresEn: ['sonic vibration', 'pressure alert', 'travel case'],
    faultsZh: ['震动变弱', '充不进电'],
    faultsEn: ['vibration getting weaker', 'will not hold a charge'],
  },
  {
    prefix: 'SW', zh: '智能手表', en: 'smartwatch',
    featuresZh: ['血氧监测', 'NFC支付', '独立通话', 'GPS定位'],
    featuresEn: ['blood oxygen tracking', 'NFC payments', 'cellular calling', 'GPS tracking'],
    faultsZh: ['表盘不同步', '心率数据异常', '无法绑定手机'],
    faultsEn: ['watch face not syncing', 'heart-rate readings look wrong', 'cannot pair with my phone'],
  },
  {
    prefix: 'AP', zh: '空气净化器', en: 'air purifier',
    featuresZh: ['HEPA滤网', '甲醛去除', 'PM2.5显示'],
    featuresEn: ['HEPA filter', 'formaldehyde removal', 'PM2.5 display'],
    faultsZh: ['滤网提示不消失', '异味很重', '风量变小'],
    faultsEn: ['filter warning will not clear', 'strong smell', 'airflow getting weaker'],
  },
  {
    prefix: 'CM', zh: '全自动咖啡机', en: 'espresso machine',
    featuresZh: ['一键奶泡', '研磨度调节', '除垢提醒'],
    featuresEn: ['one-touch milk froth', 'adjustable grind size', 'descaling reminder'],
    faultsZh: ['出水很慢', '提示缺豆', '漏水'],
    faultsEn: ['water comes out slowly', 'says out of beans', 'leaking water'],
  },
];

export interface Topic {
  zh: string;
  en: string;
}

/** Policy and service topics, most common first. */
export const TOPICS: Topic[] = [
  { zh: '退货', en: 'returns' },
  { zh: '退款', en: 'refunds' },
  { zh: '物流配送', en: 'shipping' },
  { zh: '保修', en: 'warranty' },
  { zh: '发票', en: 'invoices' },
  { zh: '换货', en: 'exchanges' },
  { zh: '维修', en: 'repairs' },
  { zh: '支付方式', en: 'payment methods' },
  { zh: '优惠券', en: 'coupons' },
  { zh: '会员积分', en: 'loyalty points' },
  { zh: '账户安全', en: 'account security' },
  { zh: '安装服务', en: 'installation service' },
  { zh: '固件升级', en: 'firmware updates' },
  { zh: '价格保护', en: 'price protection' },
  { zh: '以旧换新', en: 'trade-in' },
  { zh: '运费险', en: 'return shipping insurance' },
  { zh: '延长保修', en: 'extended warranty' },
  { zh: '分期付款', en: 'instalment plans' },
  { zh: '预售订单', en: 'pre-orders' },
  { zh: '企业采购', en: 'business purchasing' },
  { zh: '隐私政策', en: 'privacy policy' },
  { zh: '投诉处理', en: 'complaints' },
];

export const ZH = {
  subjects: ['您', '用户', '顾客', '会员', '买家', '企业客户', '首次购买的用户', '海外用户'],
  verbs: ['可以申请', '需要提交', '请妥善保留', '可在App内查看', '可通过客服热线办理', '可在订单详情页发起', '需先完成', '建议优先选择', '无需额外支付', '可免费享受'],
  objects: ['购物凭证', '原始包装', '电子发票', '物流单号', '产品序列号', '维修记录', '退款进度', '审核结果', '上门取件', '质检报告', '收货地址', '实名认证', '支付记录', '保修卡'],
  conditions: ['签收后7天内', '签收后15天内', '在订单完成后', '如商品存在质量问题', '若包装已拆封', '在活动期间', '工作日9:00至18:00', '收到短信通知后', '商品未经人为损坏时', '超过保修期后', '节假日期间', '订单发货前'],
  tails: ['，逾期将无法受理。', '，运费由商家承担。', '，审核通常需要1至3个工作日。', '，退款将原路返回。', '，具体以页面提示为准。', '，如有疑问请联系在线客服。', '，赠品需一并退回。', '，我们会短信通知处理结果。', '。', '。'],
  connectives: ['此外', '需要注意的是', '一般情况下', '特别提醒', '另外', '同时'],
  channels: ['在线客服', '客服热线400-820-8820', '官方App', '微信公众号', '售后服务网点', '官网工单系统'],
  steps: ['打开官方App并登录账户', '进入“我的订单”页面', '选择需要处理的商品', '填写申请原因并上传照片', '等待客服审核', '按提示寄回商品', '长按重置按钮10秒', '断开电源后重新启动', '检查固件版本并升级到最新', '恢复出厂设置'],
  headings: ['概述', '适用范围', '办理流程', '注意事项', '费用说明', '常见问题', '处理时效', '规格参数', '安装步骤', '故障排查', '保修条款', '联系我们', '使用须知', '包装清单'],
};

export const EN = {
  subjects: ['You', 'Customers', 'Members', 'Buyers', 'Business customers', 'First-time buyers', 'Customers outside mainland China'],
  verbs: ['can request', 'need to submit', 'should keep', 'can check', 'can arrange', 'can start', 'must complete', 'may choose', 'do not pay for', 'get free'],
  objects: ['the proof of purchase', 'the original packaging', 'an electronic invoice', 'the tracking number', 'the serial number', 'the repair history', 'the refund status', 'the review result', 'a free pickup', 'an inspection report', 'the delivery address', 'identity verification', 'the payment record', 'the warranty card'],
  conditions: ['within 7 days of delivery', 'within 15 days of delivery', 'after the order is completed', 'if the item is defective', 'if the package has been opened', 'during the promotion', 'on weekdays from 9:00 to 18:00', 'after you receive a text message', 'unless the damage was accidental', 'after the warranty expires', 'during public holidays', 'before the order ships'],
  tails: ['; late requests cannot be accepted.', '; we cover the shipping cost.', '. Reviews usually take 1 to 3 business days.', '. Refunds go back to the original payment method.', '. The order page shows the exact terms.', '. Contact live chat if anything is unclear.', '. Free gifts must be returned as well.', '. We will text you the result.', '.', '.'],
  connectives: ['In addition,', 'Please note:', 'Usually,', 'Important:', 'Also,', 'At the same time,'],
  channels: ['live chat', 'the hotline 400-820-8820', 'the mobile app', 'the help centre', 'an authorised service centre', 'the ticket system on our website'],
  steps: ['Open the app and sign in', 'Go to My Orders', 'Select the item', 'Describe the problem and upload photos', 'Wait for the review', 'Ship the item back as instructed', 'Hold the reset button for 10 seconds', 'Unplug the device and start it again', 'Check the firmware version and update it', 'Restore factory settings'],
  headings: ['Overview', 'Who this applies to', 'How it works', 'Things to know', 'Fees', 'FAQ', 'Processing times', 'Specifications', 'Installation', 'Troubleshooting', 'Warranty terms', 'Contact us', 'Before you start', "What's in the box"],
};

export const COLOURS = { zh: ['曜石黑', '月光白', '雾霾蓝', '樱花粉', '深空灰'], en: ['Obsidian Black', 'Moonlight White', 'Haze Blue', 'Blossom Pink', 'Space Grey'] };
