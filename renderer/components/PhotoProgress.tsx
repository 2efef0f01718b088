/** The photos being added (store/photos.ts): name, 读取 n% / 处理中, and 取消 — at the bottom left of the window. */
import { usePhotoJobs } from '../store/photos';

export function PhotoProgress() {
  const jobs = usePhotoJobs((s) => s.jobs);
  if (jobs.length === 0) return null;
  return (
    <div className="photo-progress" role="status" aria-live="polite" data-testid="photo-progress">
      {jobs.map((j) => (
        <div key={j.id} className="photo-job">
          <span className="photo-name" title={j.name}>
            {j.name}
          </span>
          <span className="photo-phase">
            {j.phase === 'read' ? `读取 ${Math.round(j.fraction * 100)}%` : '处理中（缩小、去除位置信息）…'}
          </span>
          <progress max={1} value={j.phase === 'read' ? j.fraction : undefined} aria-label={`添加图片 ${j.name}`} />
          <button type="button" className="small" onClick={j.cancel}>
            取消
          </button>
        </div>
      ))}
    </div>
  );
}
