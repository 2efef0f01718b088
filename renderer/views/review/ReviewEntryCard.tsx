/** The start page's entry to the district reviewer's screen (区县审核). */
import '../../styles/review.css';
import { review } from '../../store/review';

export function ReviewEntryCard() {
  return (
    <section className="card review-entry" data-testid="review-entry">
      <div>
        <h2>区县审核</h2>
        <p className="muted">
          区县（市）教育部门审核辖区内各校报送的工作区文件：只读打开，生成合规矩阵、区域汇总和问题清单，写审核意见发回学校，并生成区域质量年度报告草稿。
        </p>
      </div>
      <button type="button" className="primary" onClick={() => review.enter()}>
        进入区县审核
      </button>
    </section>
  );
}
