namespace LlmDistill.Evaluation.Reports.Rendering;

/// <summary>
/// The report's stylesheet, inlined so report.html is one self-contained file. System fonts only; one column on a
/// phone, two chart columns on a laptop; print drops the backgrounds and keeps figures and cards whole.
/// </summary>
internal static class HtmlStyles
{
    public const string Css = """
        :root { --ink: #1f2937; --muted: #6b7280; --line: #e5e7eb; --bg: #f5f6f8; --card: #ffffff;
          --accent: #0072B2; --good: #007a5a; --bad: #b34700; --radius: 10px; color-scheme: light; }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; }
        body { margin: 0; background: var(--bg); color: var(--ink);
          font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        main { max-width: 1180px; margin: 0 auto; padding: 28px 20px 48px; }
        h1 { font-size: 28px; line-height: 1.2; margin: 4px 0 12px; letter-spacing: -0.01em; }
        h2 { font-size: 20px; margin: 40px 0 4px; }
        h3 { font-size: 16px; margin: 0 0 6px; }
        p { margin: 0 0 10px; }
        .lede { color: var(--muted); margin-bottom: 16px; }
        .eyebrow { text-transform: uppercase; letter-spacing: 0.08em; font-size: 12px; color: var(--accent); font-weight: 700; margin: 0; }
        .hero { background: var(--card); border: 1px solid var(--line); border-radius: var(--radius); padding: 24px 26px; }
        .headline { font-size: 18px; max-width: 62em; }
        .kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 210px), 1fr)); gap: 12px; margin: 18px 0 12px; }
        .kpi { border: 1px solid var(--line); border-left: 4px solid var(--accent); border-radius: 8px; padding: 12px 16px; }
        .kpi .value { display: block; font-size: 34px; font-weight: 750; line-height: 1.1; font-variant-numeric: tabular-nums; }
        .kpi .what { display: block; font-weight: 600; }
        .kpi .detail { display: block; color: var(--muted); font-size: 13px; font-variant-numeric: tabular-nums; }
        .kpi.size { border-left-color: #0072B2; } .kpi.speed { border-left-color: #009E73; } .kpi.accuracy { border-left-color: #E69F00; }
        .meta { color: var(--muted); font-size: 13px; margin: 8px 0 0; }
        nav { display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 14px 0 0; font-size: 14px; }
        nav a { color: var(--accent); text-decoration: none; white-space: nowrap; }
        nav a:hover { text-decoration: underline; }
        .card { background: var(--card); border: 1px solid var(--line); border-radius: var(--radius); padding: 16px 18px; }
        .table-wrap { overflow-x: auto; background: var(--card); border: 1px solid var(--line); border-radius: var(--radius); }
        table { border-collapse: collapse; width: 100%; font-size: 14px; }
        th, td { padding: 9px 10px; text-align: left; vertical-align: top; border-bottom: 1px solid var(--line); }
        thead th { font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); font-weight: 650;
          background: #fafafa; vertical-align: bottom; }
        .sub .kind { color: var(--ink); }
        tbody th .sub { white-space: nowrap; }
        /* The model name stays in view while a phone scrolls the table sideways. */
        tbody th, thead th:first-child { position: sticky; left: 0; z-index: 1; background: var(--card); }
        thead th:first-child { background: #fafafa; }
        tbody tr:last-child > * { border-bottom: none; }
        tbody th { font-weight: 650; min-width: 9em; overflow-wrap: break-word; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        td.num { white-space: nowrap; }
        .sub { display: block; color: var(--muted); font-weight: 400; font-size: 12px; }
        .mark { display: inline-block; width: 14px; height: 14px; vertical-align: -2px; margin-right: 6px; }
        .mark svg { display: block; }
        .acc strong { font-size: 15px; }
        .meter { display: block; height: 4px; background: var(--line); border-radius: 2px; margin-top: 4px; min-width: 70px; }
        .meter span { display: block; height: 4px; background: var(--accent); border-radius: 2px; }
        tr.same td, tr.same th { color: var(--muted); }
        .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 500px), 1fr)); gap: 16px; margin-top: 12px; }
        figure { margin: 0; background: var(--card); border: 1px solid var(--line); border-radius: var(--radius); padding: 14px 14px 10px; }
        figure h3 { margin: 0 0 4px 4px; }
        figure svg { display: block; width: 100%; height: auto; }
        figcaption { color: var(--muted); font-size: 13px; margin: 6px 4px 0; }
        .wide { grid-column: 1 / -1; }
        .wide svg { max-width: 820px; margin: 0 auto; }
        .samples { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 380px), 1fr)); gap: 12px 16px; }
        .sample-col { display: flex; flex-direction: column; gap: 10px; min-width: 0; }
        .col-title { margin: 0; font-weight: 650; font-size: 14px; }
        .col-title .sub { display: inline; }
        .run-samples { margin-top: 18px; }
        .run-samples > h3 { display: flex; gap: 8px; align-items: baseline; flex-wrap: wrap; }
        .run-samples > h3 .sub { display: inline; }
        .sample { background: var(--card); border: 1px solid var(--line); border-top: 4px solid var(--good); border-radius: 8px;
          padding: 12px 14px; min-width: 0; }
        .sample.wrong { border-top-color: var(--bad); }
        .badge { display: inline-block; font-size: 12px; font-weight: 700; padding: 1px 8px; border-radius: 999px;
          color: #fff; background: var(--good); }
        .wrong .badge { background: var(--bad); }
        .sample .q { font-weight: 600; margin: 8px 0; overflow-wrap: anywhere; }
        .sample dl { display: grid; grid-template-columns: auto 1fr; gap: 2px 10px; margin: 0 0 8px; font-size: 14px; }
        .sample dt { color: var(--muted); }
        .sample dd { margin: 0; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
        .sample dd.answer { font-weight: 650; color: var(--good); }
        .sample.wrong dd.answer { color: var(--bad); }
        .rationale { margin: 0; padding: 8px 10px; background: #f3f4f6; border-radius: 6px; font-size: 13px; line-height: 1.45;
          white-space: pre-wrap; overflow-wrap: anywhere; font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
        .empty { color: var(--muted); font-style: italic; }
        .notes { color: var(--muted); font-size: 13px; }
        footer { margin-top: 40px; color: var(--muted); font-size: 13px; border-top: 1px solid var(--line); padding-top: 12px; }
        @media (max-width: 600px) {
          main { padding: 16px 12px 32px; }
          h1 { font-size: 23px; }
          .hero { padding: 18px 16px; }
          .headline { font-size: 16px; }
          .kpis { grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 8px; }
          .kpi { padding: 8px 8px 8px 10px; border-left-width: 3px; }
          .kpi .value { font-size: 22px; }
          .kpi .what { font-size: 13px; line-height: 1.3; }
          .kpi .detail { font-size: 11.5px; }
          figure { padding: 10px 6px 8px; }
          figure h3, figcaption { margin-left: 6px; margin-right: 6px; }
          th, td { padding: 8px; }
          tbody th .sub { white-space: normal; }
        }
        @media print {
          body { background: #fff; font-size: 12px; }
          main { max-width: none; padding: 0; }
          nav { display: none; }
          .hero, .card, figure, .sample, .table-wrap { border-color: #ccc; break-inside: avoid; }
          h2, h3, .lede, .col-title { break-after: avoid; }
          .grid { grid-template-columns: 1fr 1fr; }
          .table-wrap { overflow: visible; }
        }
        """;
}
