-- 006: the report's settings that belong to the workspace, not to one computer: the layout chosen for the Word/PDF
-- report (公文版式 'official', 报告版式 'report'), so a copied .qar prints the way its school chose.

CREATE TABLE report_settings (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  layout TEXT NOT NULL DEFAULT 'official' CHECK (layout IN ('official', 'report', 'official-gb2312'))
) STRICT;
