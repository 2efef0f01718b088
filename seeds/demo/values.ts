/**
 * The demo school's indicator values for 2022, 2023 and 2024, one row per indicator of
 * templates/frameworks/cn-2024-gaozhi.json.
 *
 * Raw counts and amounts are written out here; every derived indicator (rates, ratios, per-student values) is
 * computed from its parts with the framework's formula and rounded to its decimals, so 「部分不超过整体」,
 * 「去向之和等于毕业生数」 and 「比例等于公式」 hold by construction. The numbers are chosen to meet the national
 * standards (生师比 ≤ 18, 双师型 ≥ 50%, 思政 1:350, 辅导员 1:200, 心理 1:4000 且 ≥ 2 …) and to sit near the
 * Chongqing 高职 figures of seed 003 (双师型 61.59%, 去向落实率 90.76%, 月收入 4000.85元, 满意度约 96%).
 */

export const DEMO_YEARS = [2022, 2023, 2024] as const;
export type DemoYear = (typeof DEMO_YEARS)[number];

type Series = readonly [number, number, number];

/** Values the school enters (2022, 2023, 2024). */
export const RAW: Readonly<Record<string, Series>> = {
  // 人才培养质量计分卡: 毕业去向 categories sum to 毕业生数 each year
  grad_total: [3312, 3486, 3725],
  grad_contract: [2062, 2190, 2318],
  grad_flexible: [401, 388, 402],
  grad_startup: [22, 25, 28],
  grad_further_study: [510, 566, 641],
  grad_unplaced: [289, 286, 302],
  grad_not_seeking: [28, 31, 34],
  grad_local_rate: [70.12, 71.38, 72.46],
  grad_monthly_income: [3826.4, 3952.18, 4086.52],
  grad_relevance_rate: [82.36, 83.51, 84.27],
  grad_promotion_rate: [46.85, 47.92, 49.06],
  // 满意度调查表 (sub-items kept at or below the overall figure)
  sat_graduates: [95.41, 95.86, 96.18],
  sat_graduates_recent: [95.87, 96.21, 96.53],
  sat_graduates_3y: [94.96, 95.48, 95.79],
  sat_employers: [96.92, 97.18, 97.46],
  sat_students: [94.9, 95.4, 95.86],
  sat_course_ideology: [94.71, 95.18, 95.62],
  sat_course_professional: [94.08, 94.65, 95.13],
  // 教学资源表
  students_fulltime: [10860, 11530, 12216],
  // 全日制 + 留学生 × 2 (counted ×3) + 夜大/函授 折算
  students_equivalent: [11132, 11830, 12553],
  staff_total: [812, 856, 902],
  teachers_fulltime: [632, 668, 706],
  teachers_professional: [470, 497, 536],
  teachers_dual: [286, 318, 356],
  teachers_practice_month: [470, 497, 536],
  teachers_postgrad: [268, 296, 328],
  teachers_parttime: [196, 208, 224],
  // 专任教师 + 兼职教师 × 0.5
  teachers_total: [730, 772, 818],
  teachers_ideology: [33, 35, 37],
  counselors: [58, 61, 65],
  teachers_mental_health: [3, 3, 4],
  total_hours: [108360, 111720, 116480],
  practice_hours: [60680, 63120, 66390],
  public_basic_hours: [28200, 29050, 30280],
  elective_hours: [11380, 11950, 12580],
  programme_hours_min: [2560, 2580, 2600],
  equipment_value: [6120.5, 6785.3, 7496.8],
  new_equipment_value: [702.4, 826.7, 918.6],
  enterprise_equipment_value: [520, 612.5, 720.6],
  books: [786000, 812500, 845300],
  teaching_admin_area: [212600, 218400, 226800],
  // 服务贡献表
  tech_service_income: [1286.45, 1452.3, 1638.72],
  research_funding: [356.2, 398.65, 436.18],
  tech_trade_income: [168.5, 192.36, 215.8],
  patent_transfer_income: [86.4, 102.25, 118.6],
  ip_items: [96, 108, 124],
  patents_granted: [72, 81, 93],
  invention_patents: [8, 11, 14],
  training_person_times: [11860, 12940, 14380],
  training_income: [486.3, 542.8, 615.4],
  partner_enterprises: [318, 352, 386],
  // at most the employed graduates (contract + flexible + startup)
  grad_sme: [1985, 2080, 2196],
  grad_large_enterprise: [318, 330, 352],
  // 国际影响表
  intl_students: [22, 30, 41],
  intl_student_programmes: [3, 4, 5],
  intl_visiting_teachers: [6, 8, 11],
  teachers_abroad_days: [452, 516, 586],
  teachers_intl_posts: [2, 3, 4],
  intl_programme_standards: [0, 0, 1],
  intl_course_standards: [2, 3, 5],
  intl_resources: [12, 18, 26],
  intl_equipment: [0, 1, 2],
  overseas_schools: [0, 1, 1],
  sino_foreign_programmes: [1, 1, 2],
  // 落实政策表
  funding_per_student: [12680.45, 13105.3, 13580.26],
  special_funding: [2860, 3125.6, 3418.9],
  internship_funding: [156.3, 172.8, 189.45],
  internship_insurance: [18.62, 20.35, 22.18],
  parttime_teaching_hours: [18650, 19820, 21460],
  parttime_teacher_pay: [186.5, 208.11, 236.06],
};

/** Where each table's numbers come from (printed as the value's 来源). */
export const SOURCE_BY_TABLE: Readonly<Record<string, string>> = {
  scorecard: '学校招生就业处毕业生去向登记系统',
  satisfaction: '第三方毕业生跟踪调查与学校满意度测评',
  resources: '全国高等职业学校人才培养工作状态数据采集与管理平台',
  service: '学校科研处、继续教育学院统计',
  international: '学校国际交流合作处统计',
  policy: '学校财务处决算数据',
};
