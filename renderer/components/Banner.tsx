/** Read-only and newer-version workspaces get a banner that says so plainly, above every view. */
import { useApp } from '../store/app';

export function Banner() {
  const session = useApp((s) => s.session);
  if (!session) return null;
  if (session.newer)
    return (
      <div className="banner warn" role="status" data-testid="banner">
        <strong>由更新版本创建</strong>
        此工作区由更新版本的质量年报工作台创建，已以只读方式打开，不会被修改。请升级软件后再编辑。
      </div>
    );
  if (session.readOnly)
    return (
      <div className="banner info" role="status" data-testid="banner">
        <strong>只读</strong>
        此工作区以只读方式打开（审阅模式），可以查看、校验和导出，不能修改数据和文字。
      </div>
    );
  return null;
}
