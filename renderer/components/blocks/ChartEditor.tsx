/**
 * 图表: bound to indicators (up to 8), bar or line, optional reference line from a national standard or
 * provincial target rule, 数据来源. The live preview draws the same spec the Word export uses.
 */
import { useMemo, useState } from 'react';
import { buildChartSpec, type ChartSpec } from '../../../core/charts/spec';
import { mixedUnitReason } from '../../../core/charts/units';
import type { Block, BlockContent } from '../../../core/model';
import { useApp } from '../../store/app';
import { editBlock } from '../../store/writing';
import { CaptionField } from './CaptionField';
import { ChartSlot } from './ChartSlot';
import { IndicatorPicker } from './IndicatorPicker';

type Content = Extract<BlockContent, { kind: 'chart' }>;

export function ChartEditor({ block, content }: { block: Block; content: Content }) {
  const session = useApp((s) => s.session);
  const values = useApp((s) => s.values);
  const ro = session?.readOnly ?? true;
  const [picking, setPicking] = useState(false);
  const set = (patch: Partial<Content>) => editBlock(block.id, { ...content, ...patch });

  const fw = session?.framework;
  const names = useMemo(() => {
    const m = new Map<string, string>();
    for (const t of fw?.tables ?? []) for (const i of t.indicators) m.set(i.id, i.name);
    return m;
  }, [fw]);
  const refRules = useMemo(
    () =>
      (fw?.rules ?? []).filter(
        (r) =>
          (r.kind === 'threshold' || r.kind === 'target') &&
          r.reference !== undefined &&
          content.indicators.includes(r.indicator),
      ),
    [fw, content.indicators],
  );

  const spec = useMemo((): { spec: ChartSpec | null; error: string } => {
    if (!session || !fw) return { spec: null, error: '' };
    const wsValues = Object.entries(values).map(([k, v]) => {
      const [indicatorId, year] = k.split('|');
      return { indicatorId: indicatorId ?? '', year: Number(year), value: v, note: '', source: '', updatedAt: '' };
    });
    try {
      return {
        spec: buildChartSpec({ values: wsValues, profile: session.workspace.profile }, fw, content),
        error: '',
      };
    } catch (e) {
      return { spec: null, error: e instanceof Error ? e.message : '无法生成图表' };
    }
  }, [session, fw, values, content]);

  const toggle = (id: string) => {
    const has = content.indicators.includes(id);
    if (has && content.indicators.length === 1) return;
    if (!has && content.indicators.length >= 8) return useApp.getState().notify('error', '一张图最多 8 个指标');
    const byId = (x: string) => fw?.tables.flatMap((t) => t.indicators).find((i) => i.id === x);
    const cand = byId(id);
    const why =
      !has && cand
        ? mixedUnitReason(
            content.indicators.map(byId).filter((i) => i !== undefined),
            cand,
          )
        : null;
    if (why) return useApp.getState().notify('error', why);
    set({ indicators: has ? content.indicators.filter((x) => x !== id) : [...content.indicators, id] });
  };

  return (
    <div className="chart-editor">
      <div className="chart-fields">
        <div className="wide caption">
          <span className="field-label">图题</span>
          <CaptionField
            value={content.caption}
            readOnly={ro}
            label="图题"
            placeholder="例如：2022-2024年毕业生去向落实率"
            onChange={(caption) => set({ caption })}
          />
        </div>
        <label>
          <span className="field-label">类型</span>
          <select
            value={content.chartType}
            disabled={ro}
            onChange={(e) => set({ chartType: e.target.value as Content['chartType'] })}
          >
            <option value="bar">柱状图</option>
            <option value="line">折线图</option>
          </select>
        </label>
        <label>
          <span className="field-label">标准线</span>
          <select
            value={content.referenceRuleId ?? ''}
            disabled={ro}
            onChange={(e) => set({ referenceRuleId: e.target.value || undefined })}
          >
            <option value="">不显示</option>
            {refRules.map((r) => (
              <option key={r.id} value={r.id}>
                {r.title}
              </option>
            ))}
          </select>
        </label>
        <label className="wide">
          <span className="field-label">数据来源</span>
          <input
            value={content.source}
            readOnly={ro}
            maxLength={200}
            placeholder="例如：职业教育质量年报平台教学资源表"
            onChange={(e) => set({ source: e.target.value })}
          />
        </label>
      </div>
      <div className="chart-indicators">
        <span className="field-label">指标</span>
        {content.indicators.map((id) => (
          <span key={id} className="chip">
            {names.get(id) ?? id}
            {!ro && content.indicators.length > 1 && (
              <button type="button" className="chip-x" onClick={() => toggle(id)} aria-label={`移除 ${names.get(id)}`}>
                ×
              </button>
            )}
          </span>
        ))}
        {!ro && (
          <button type="button" className="small" onClick={() => setPicking(!picking)} aria-expanded={picking}>
            {picking ? '完成' : '选择指标…'}
          </button>
        )}
      </div>
      {picking && fw && (
        <IndicatorPicker
          framework={fw}
          selected={content.indicators}
          onToggle={toggle}
          onReplace={(id) => set({ indicators: [id], referenceRuleId: undefined })}
        />
      )}
      <div className="chart-preview-box">
        {spec.spec ? <ChartSlot spec={spec.spec} /> : <p className="field-error">{spec.error}</p>}
      </div>
    </div>
  );
}
