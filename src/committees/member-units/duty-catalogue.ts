import { MemberUnitSector } from '../committees.enums';

/** One duty of a member unit's duty list (责任清单, COM-4). */
export interface DutyItem {
  code: string;
  text: string;
  /** Where the duty comes from; null when the office wrote it without a source. */
  basis: string | null;
}

/**
 * COM-4: the default duty list of each sector, loaded when an office sets a unit's list without writing its own.
 *
 * The duties summarize, in the spirit of 《消防安全责任制实施办法》（国办发〔2017〕87号）第十四条 (the duties of
 * departments with industry supervision: 管行业必须管安全) and of 《吉林省消防安全责任实施办法》 which implements it
 * in the province. They are honest summaries, not quotations: the basis says "摘要" and names the article only where
 * the national measures name it (article 14 lists the departments); no provincial article numbers are invented.
 * Offices edit the list per unit (setMemberUnitDuties) where their county's text differs.
 */
const NATIONAL = '《消防安全责任制实施办法》（国办发〔2017〕87号）第十四条（摘要）';
const PROVINCIAL = '《吉林省消防安全责任实施办法》中行业部门消防安全职责（摘要）';
const COMMON = '《消防安全责任制实施办法》（国办发〔2017〕87号）第十三条“管行业必须管安全”（摘要）';

const item = (code: string, text: string, basis: string = NATIONAL): DutyItem => ({ code, text, basis });

export const DUTY_CATALOGUE: Readonly<Record<MemberUnitSector, readonly DutyItem[]>> = {
  [MemberUnitSector.EDUCATION]: [
    item('EDU-1', '负责学校、幼儿园消防安全管理的指导监督，督促其落实消防安全责任制'),
    item('EDU-2', '将消防安全知识纳入教育教学、培训内容，组织开展消防安全教育'),
    item('EDU-3', '督促学校、幼儿园定期开展防火检查巡查和疏散演练，整改火灾隐患'),
    item('EDU-4', '依法审批民办学校、培训机构时审查其消防安全条件', PROVINCIAL),
  ],
  [MemberUnitSector.CIVIL_AFFAIRS]: [
    item('CIV-1', '负责养老机构、福利机构、救助管理机构等民政服务机构消防安全管理的指导监督'),
    item('CIV-2', '审批、管理民政服务机构时将消防安全条件纳入审查内容'),
    item('CIV-3', '指导村（居）民委员会开展群众性消防工作，落实防火公约', PROVINCIAL),
    item('CIV-4', '督促殡葬服务场所等民政管理场所开展防火检查和隐患整改', PROVINCIAL),
  ],
  [MemberUnitSector.HOUSING]: [
    item('HOU-1', '依法负责建设工程消防设计审查、消防验收和备案抽查'),
    item('HOU-2', '指导监督施工现场消防安全管理，督促建设、施工单位落实消防安全责任'),
    item('HOU-3', '指导物业服务企业按合同做好住宅小区共用消防设施维护管理'),
    item('HOU-4', '将城乡消防规划、市政消火栓等公共消防设施建设纳入城乡建设', PROVINCIAL),
  ],
  [MemberUnitSector.MARKET_REGULATION]: [
    item('MKT-1', '依法对生产、流通领域消防产品质量实施监督管理，查处假冒伪劣消防产品'),
    item('MKT-2', '督促市场主体、商品交易市场落实消防安全主体责任', PROVINCIAL),
    item('MKT-3', '依法对电器产品、燃气用具等产品质量实施监督，督促电梯、锅炉等特种设备安全管理', PROVINCIAL),
  ],
  [MemberUnitSector.CULTURE_TOURISM]: [
    item('CUL-1', '负责文化娱乐场所、旅游景区、星级饭店等行业消防安全管理的指导监督'),
    item('CUL-2', '督促文物建筑、博物馆、公共图书馆等文化场所落实消防安全管理制度'),
    item('CUL-3', '审批文化娱乐、旅游经营场所时将消防安全条件纳入审查内容', PROVINCIAL),
    item('CUL-4', '督促大型文化旅游活动主办单位制定并落实消防安全方案', PROVINCIAL),
  ],
  [MemberUnitSector.HEALTH]: [
    item('HEA-1', '负责医疗卫生机构消防安全管理的指导监督，督促其落实消防安全责任制'),
    item('HEA-2', '组织开展医疗卫生机构消防安全培训和疏散演练，重点保障行动不便人员疏散'),
    item('HEA-3', '做好火灾事故伤员的医疗救治工作'),
    item('HEA-4', '督促医疗机构定期防火检查巡查，整改火灾隐患', PROVINCIAL),
  ],
  [MemberUnitSector.EMERGENCY]: [
    item('EME-1', '指导协调消防工作，推动消防安全责任制落实，组织开展消防工作考核', PROVINCIAL),
    item('EME-2', '负责危险化学品、烟花爆竹、非煤矿山等安全生产监督管理中的消防安全相关工作'),
    item('EME-3', '组织指导火灾事故调查处理中的安全生产责任追究', PROVINCIAL),
    item('EME-4', '将消防救援纳入应急预案体系，组织开展应急演练', PROVINCIAL),
  ],
  [MemberUnitSector.PUBLIC_SECURITY]: [
    item('PUB-1', '负责公安派出所日常消防监督检查和消防安全宣传教育'),
    item('PUB-2', '依法查处消防违法行为中需要行政拘留的案件，打击放火、失火等涉火犯罪'),
    item('PUB-3', '指导监督公共娱乐场所、旅馆业等治安管理场所落实消防安全管理', PROVINCIAL),
  ],
  [MemberUnitSector.TRANSPORT]: [
    item('TRA-1', '负责在客运车站、港口、码头及交通工具管理中依法督促落实消防安全管理'),
    item('TRA-2', '督促道路运输企业落实危险货物运输车辆的消防安全管理'),
    item('TRA-3', '将消防车通道等交通保障纳入公路、城乡道路建设和管理', PROVINCIAL),
  ],
  [MemberUnitSector.NATURAL_RESOURCES]: [
    item('NAT-1', '依法将消防站等公共消防设施建设用地纳入国土空间规划'),
    item('NAT-2', '负责林区等自然资源管理范围内的防火工作指导', PROVINCIAL),
    item('NAT-3', '审批建设项目用地时落实消防安全布局要求', PROVINCIAL),
  ],
  [MemberUnitSector.AGRICULTURE]: [
    item('AGR-1', '将消防安全纳入农村人居环境整治和乡村建设，推动农村消防基础设施建设'),
    item('AGR-2', '指导农业生产经营场所、农机作业和秸秆禁烧中的防火工作', PROVINCIAL),
    item('AGR-3', '督促农业产业化企业、合作社落实消防安全主体责任', PROVINCIAL),
  ],
  [MemberUnitSector.COMMERCE]: [
    item('COM-1', '负责指导督促商贸流通企业、大型商场市场落实消防安全管理'),
    item('COM-2', '督促成品油流通、再生资源回收等行业企业落实防火措施', PROVINCIAL),
    item('COM-3', '将消防安全条件纳入商贸流通领域行业管理和评比', PROVINCIAL),
  ],
  [MemberUnitSector.OTHER]: [
    item('OTH-1', '在本行业、本系统的行业管理中依法督促落实消防安全责任', COMMON),
    item('OTH-2', '组织本行业、本系统开展消防安全检查和火灾隐患整改', COMMON),
    item('OTH-3', '开展本行业、本系统的消防安全宣传教育和培训', COMMON),
  ],
};

/** COM-4: the default duty list of a sector (a copy: callers may not change the catalogue). */
export function dutyCatalogue(sector: MemberUnitSector): DutyItem[] {
  return DUTY_CATALOGUE[sector].map((d) => ({ ...d }));
}
