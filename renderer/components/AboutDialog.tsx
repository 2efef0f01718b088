/** 关于: the app's name, version (from app.info), what it does, where the data stays, and the licence line. */
import { useEffect, useState } from 'react';
import { useApp } from '../store/app';
import { backend } from '../store/backend';
import { Dialog } from './Dialog';

export function AboutDialog() {
  const open = useApp((s) => s.aboutOpen);
  const setAboutOpen = useApp((s) => s.setAboutOpen);
  const [version, setVersion] = useState<string | null>(null);

  useEffect(() => {
    if (!open || version) return;
    backend
      .appInfo()
      .then((i) => setVersion(i.version))
      .catch(() => setVersion('未知'));
  }, [open, version]);

  if (!open) return null;
  return (
    <Dialog title="关于质量年报工作台" cancelLabel="关闭" onCancel={() => setAboutOpen(false)} testId="about-dialog">
      <div className="about">
        <div className="about-head">
          <span className="brand-mark" aria-hidden="true">
            质
          </span>
          <div>
            <strong className="about-name">质量年报工作台</strong>
            <div className="muted" data-testid="about-version">
              版本 {version ?? '…'}
            </div>
          </div>
        </div>
        <p>职业学校质量年度报告的数据填报、指标校验、报告撰写与 Word 导出工具，也供区县审核多所学校使用。</p>
        <p>所有数据只保存在本机的 .qar 工作区文件中，程序不会上传任何内容。</p>
        <p className="muted small">
          本软件及其使用的开源组件按各自的许可协议提供；指标体系与政策依据摘自公开发布的国家和重庆市文件，以原文为准。
        </p>
      </div>
    </Dialog>
  );
}
