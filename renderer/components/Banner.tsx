/**
 * Read-only and newer-version workspaces get a banner that says so plainly, above every view; so does a save that
 * keeps failing, with the reason (磁盘空间不足, 无法连接…): the status line has room for 「保存失败，正在重试」 only,
 * and a reason in its tooltip is never seen by a keyboard user, nor by one who does not think to hover.
 */
import { useApp } from '../store/app';
import { RetryNow, saveFailureReason } from './SaveStatus';

export function Banner() {
  const session = useApp((s) => s.session);
  const failure = useApp(saveFailureReason);
  if (!session) return null;
  if (failure && !session.readOnly)
    return (
      <div className="banner warn" role="alert" data-testid="save-failure">
        <strong>保存失败：</strong>
        <span className="banner-text">
          {failure}
          {/[。！？]$/.test(failure) ? '' : '。'}修改已暂存在本机，会自动重试直到保存成功。
        </span>
        <RetryNow />
      </div>
    );
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
