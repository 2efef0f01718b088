/**
 * One Chinese line per history entry (历史版本 list): what changed, a glimpse of what was there before, and what
 * 「恢复」 would do. Pure: the caller passes how to name an indicator (from the workspace's framework).
 */
import type { Block, BlockContent, SchoolProfile } from '../model';
import { BLOCK_KIND_LABEL, blockGist, cutText } from '../report/places';
import type { EditEntry, HistoryItem, HistoryRecord } from './model';

export interface NameLookup {
  /** 「专职辅导员数」 and its unit, or undefined for an id the framework does not know */
  indicator(id: string): { name: string; unit: string } | undefined;
}

function preview(c: BlockContent | undefined, n = 20): string {
  const gist = c ? blockGist(c, n) : '';
  return gist ? `「${gist}」` : '';
}

const num = (v: number | null) => (v === null ? '空' : String(v));

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});

const PROFILE_FIELDS: [keyof SchoolProfile, string][] = [
  ['name', '学校名称'],
  ['code', '学校标识码'],
  ['level', '办学层次'],
  ['category', '学校类别'],
  ['region', '所在地区'],
  ['reportYear', '报告年度'],
];

function describeEdit(e: EditEntry): Omit<HistoryItem, 'ref' | 'at' | 'how' | 'kind' | 'action'> {
  const b = obj(e.before);
  const a = obj(e.after);
  const title = (x: Record<string, unknown>, k: 'chapter' | 'section') => String(obj(x[k]).title ?? '');
  switch (`${e.kind}.${e.action}`) {
    case 'block.create':
    case 'block.update':
    case 'block.delete':
    case 'block.move': {
      const block = (e.action === 'create' ? a : b) as Partial<Block>;
      const kind = BLOCK_KIND_LABEL[block.content?.kind ?? 'paragraph'] ?? '内容块';
      const verb = { create: '添加', update: '修改', delete: '删除', move: '移动' }[e.action as 'create'];
      const restore = { create: '删除它', update: '恢复修改前的内容', delete: '恢复该内容块', move: '移回原处' }[
        e.action as 'create'
      ];
      return {
        title: `${verb}${kind}${preview(block.content)}`,
        detail: e.action === 'update' ? `修改前：${preview(block.content, 60) || '（空）'}` : '',
        restoreLabel: restore,
      };
    }
    case 'block.reorder':
      return { title: '调整内容块的顺序', detail: '', restoreLabel: '恢复原顺序' };
    case 'section.create':
      return { title: `添加小节「${title(a, 'section')}」`, detail: '', restoreLabel: '删除该小节' };
    case 'section.update':
      return {
        title: `修改小节标题：「${title(b, 'section')}」→「${title(a, 'section')}」`,
        detail: '',
        restoreLabel: '恢复原标题',
      };
    case 'section.delete':
      return {
        title: `删除小节「${title(b, 'section')}」（含 ${(b.blocks as unknown[] | undefined)?.length ?? 0} 个内容块）`,
        detail: '',
        restoreLabel: '恢复该小节',
      };
    case 'section.reorder':
      return { title: '调整小节的顺序', detail: '', restoreLabel: '恢复原顺序' };
    case 'chapter.create':
      return { title: `添加章「${title(a, 'chapter')}」`, detail: '', restoreLabel: '删除该章' };
    case 'chapter.update': {
      const from = obj(b.chapter);
      const to = obj(a.chapter);
      return {
        title:
          from.title !== to.title
            ? `修改章标题：「${String(from.title)}」→「${String(to.title)}」`
            : `修改「${String(to.title)}」的导语`,
        detail: from.intro !== to.intro ? `修改前：${cutText(String(from.intro ?? ''), 60) || '（空）'}` : '',
        restoreLabel: '恢复修改前的内容',
      };
    }
    case 'chapter.delete':
      return {
        title: `删除章「${title(b, 'chapter')}」（含 ${(b.sections as unknown[] | undefined)?.length ?? 0} 节、${(b.blocks as unknown[] | undefined)?.length ?? 0} 个内容块）`,
        detail: '',
        restoreLabel: '恢复该章',
      };
    case 'chapter.reorder':
      return { title: '调整各章的顺序', detail: '', restoreLabel: '恢复原顺序' };
    case 'profile.create':
      return { title: '填写学校信息', detail: '', restoreLabel: '' };
    case 'profile.update': {
      const from = obj(b.profile);
      const to = obj(a.profile);
      const changed = PROFILE_FIELDS.filter(([k]) => from[k] !== to[k]).map(
        ([k, zh]) => `${zh}：${String(from[k] ?? '') || '（空）'} → ${String(to[k] ?? '') || '（空）'}`,
      );
      return { title: '修改学校信息', detail: changed.join('；'), restoreLabel: '恢复原来的学校信息' };
    }
    case 'framework.update':
      return {
        title: `更换指标体系：${String(b.id)}（${String(b.version)}）→ ${String(a.id)}（${String(a.version)}）`,
        detail: '',
        restoreLabel: '恢复原来的指标体系',
      };
    case 'year.create':
      return { title: `添加${e.targetId}年度`, detail: '', restoreLabel: '删除该年度' };
    case 'year.update':
      return { title: `修改${e.targetId}年度的设置`, detail: '', restoreLabel: '恢复原设置' };
    case 'year.delete':
      return { title: `删除${e.targetId}年度`, detail: '', restoreLabel: '恢复该年度' };
    case 'asset.create':
      return {
        title: `添加图片${a.caption ? `「${cutText(String(a.caption), 20)}」` : ''}`,
        detail: '',
        restoreLabel: '删除该图片',
      };
    case 'asset.update':
      return {
        title: `修改图片说明${a.caption ? `「${cutText(String(a.caption), 20)}」` : ''}`,
        detail: `修改前：${String(b.caption ?? '') || '（无说明）'}`,
        restoreLabel: '恢复原说明',
      };
    case 'asset.delete':
      return {
        title: `删除图片${b.caption ? `「${cutText(String(b.caption), 20)}」` : ''}`,
        detail: '',
        restoreLabel: '恢复该图片',
      };
    case 'workspace.restore':
      return { title: '把整个工作区恢复到一个历史版本', detail: '', restoreLabel: '撤销这次恢复' };
    default:
      return { title: `${e.kind} ${e.action}`, detail: '', restoreLabel: '' };
  }
}

export function describeRecord(r: HistoryRecord, names: NameLookup): HistoryItem {
  if (r.type === 'value') {
    const c = r.entry;
    const ind = names.indicator(c.indicatorId);
    const unit = ind?.unit && ind.unit !== '%' ? ` ${ind.unit}` : (ind?.unit ?? '');
    return {
      ref: `v${c.id}`,
      at: c.at,
      how: c.how,
      kind: 'value',
      action: 'update',
      title: `${c.how === 'restore' ? '恢复：' : ''}${c.year}年 ${ind?.name ?? c.indicatorId}：${num(c.oldValue)} → ${num(c.newValue)}${c.newValue === null ? '' : unit}`,
      detail: '',
      restoreLabel: `恢复为 ${num(c.oldValue)}`,
    };
  }
  const e = r.entry;
  const d = describeEdit(e);
  return {
    ref: `e${e.id}`,
    at: e.at,
    how: e.how,
    kind: e.kind,
    action: e.action,
    ...d,
    title: `${e.how === 'restore' ? '恢复：' : ''}${d.title}`,
  };
}
