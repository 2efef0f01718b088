/**
 * 自评: the four dimensions of the province's review, scored from what the tool can measure (core/selfcheck, the
 * same function as `qar selfcheck`), each item with its evidence, the fix, and what it rests on. It follows every
 * edit: it is worked out from the workspace the editor holds and the findings of the report year.
 */
import { useEffect, useMemo, useState } from 'react';
import { type SelfcheckItem, selfcheck } from '../../core/selfcheck/score';
import type { Finding } from '../../core/validate/types';
import { shownFindingsYear, useApp } from '../store/app';
import { backend } from '../store/backend';

const BASIS = { notice: '通知要求', seed: '示范报告做法', tool: '工具自定' } as const;

export function SelfcheckPanel() {
  const session = useApp((s) => s.session);
  const storeFindings = useApp((s) => s.findings);
  const shownYear = useApp(shownFindingsYear);
  const reportYear = session?.workspace.profile.reportYear;
  // the findings panel may show another year: the 自评 is of the report year, so it asks for that year's findings
  const [ownFindings, setOwnFindings] = useState<Finding[] | null>(null);
  const other = shownYear !== null && shownYear !== reportYear;
  useEffect(() => {
    if (!other || reportYear === undefined) return setOwnFindings(null);
    let live = true;
    backend
      .validate(reportYear)
      .then((r) => live && setOwnFindings(r.findings))
      .catch(() => live && setOwnFindings(null));
    return () => {
      live = false;
    };
  }, [other, reportYear]);
  const findings = other ? ownFindings : storeFindings;
  const result = useMemo(
    () => (session && findings ? selfcheck(session.workspace, session.framework, findings) : null),
    [session, findings],
  );
  if (!session) return null;
  if (!result) return <p className="pad muted">正在计算自评…</p>;
  return (
    <div className="selfcheck" data-testid="selfcheck">
      <div className="sc-total">
        <span className="sc-total-score">{result.total}</span>
        <span>
          {result.year}年度报告自评（满分 100）
          <br />
          <span className="muted small">四个维度的平均</span>
        </span>
      </div>
      <p className="sc-disclaimer small">{result.disclaimer}</p>
      {result.dimensions.map((d) => (
        <section key={d.id} className="sc-dim" data-dim={d.id}>
          <h4>
            <span>{d.title}</span>
            <span className="muted small">（{d.official}）</span>
            <span className="sc-score">{d.score} 分</span>
          </h4>
          <ul>
            {d.items.map((i) => (
              <Item key={i.id} item={i} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

function Item({ item }: { item: SelfcheckItem }) {
  const level = item.score >= 90 ? 'good' : item.score >= 60 ? 'fair' : 'poor';
  return (
    <li className={`sc-item ${level}`}>
      <div className="sc-line">
        <span className="sc-title">{item.title}</span>
        <span className="sc-item-score">{item.score}</span>
      </div>
      <div className="sc-evidence">{item.evidence}</div>
      {item.fix && <div className="sc-fix">改进：{item.fix}</div>}
      <div className="sc-basis muted small" title={item.basis.text}>
        <span className={`sc-kind k-${item.basis.kind}`}>{BASIS[item.basis.kind]}</span>
        {item.basis.text.replace(/^[^：]*：/, '')}
      </div>
    </li>
  );
}
