using System;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using FeatureContracts.Rows;

namespace FeatureContracts.Monitoring;

/// <summary>
/// Renders a <see cref="MonitoringReport"/> as one self-contained HTML page: the verdict and what to do, the table the
/// console shows, and per feature a chart of its training and serving distributions over the drift bins, its checks
/// and its parity mismatch examples. Styles and charts (inline SVG) are in the page; it loads nothing, and its content
/// security policy (<c>default-src 'none'</c>) forbids a browser to fetch anything for it. Deterministic: the same
/// report gives the same bytes.
/// </summary>
public static class ReportHtml
{
    private const int ChartWidth = 640;
    private const int ChartHeight = 220;
    private const int Margin = 36;
    private const int LabelSpace = 54;

    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1d2733;background:#fff}
        h1{font-size:1.6rem;margin:0 0 .3rem}h2{font-size:1.2rem;margin:1.6rem 0 .4rem}
        p.meta{color:#55606e;margin:.2rem 0}
        table{border-collapse:collapse;width:100%;margin:.6rem 0;font-size:.9rem}
        th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #e3e7ec;vertical-align:top}
        th{background:#f4f6f8;font-weight:600}
        td.num{font-variant-numeric:tabular-nums}
        .verdict{display:inline-block;padding:.05rem .5rem;border-radius:.3rem;font-weight:700;font-size:.85rem;text-transform:uppercase}
        .pass{background:#dff3e4;color:#17612e}.warn{background:#fff1cc;color:#7a5300}.fail{background:#fbe0e0;color:#8f1d1d}
        ul.actions li{margin:.25rem 0}
        section.feature{border-top:2px solid #e3e7ec;margin-top:1.5rem}
        figure{margin:.4rem 0}figcaption{color:#55606e;font-size:.85rem}
        .legend span{display:inline-block;width:.8rem;height:.8rem;margin:0 .3rem 0 .8rem;vertical-align:middle}
        svg text{font-size:10px;fill:#3a4654}
        """;

    /// <summary>The page's HTML text.</summary>
    /// <param name="report">The report.</param>
    public static string Render(MonitoringReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder(64 * 1024);
        string title = $"{report.Contract.Name} v{report.Contract.Version}: {ReportText.Word(report.Overall)}";
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>FeatureContracts monitoring: ").Append(Encode(title)).Append("</title>\n<style>\n")
            .Append(Style).Append("</style>\n</head>\n<body>\n");

        ServingLogSummary log = report.ServingLog;
        html.Append("<header>\n<h1>").Append(Encode($"{report.Contract.Name} v{report.Contract.Version}")).Append(' ')
            .Append(VerdictBadge(report.Overall)).Append("</h1>\n")
            .Append("<p class=\"meta\">Contract fingerprint <code>").Append(Encode(report.Contract.Fingerprint)).Append("</code>, transform ")
            .Append(Encode(report.TransformVersion)).Append(".</p>\n")
            .Append("<p class=\"meta\">Baseline: the training export as known at ").Append(Encode(report.BaselineSnapshot)).Append(", ")
            .Append(report.BaselinePoints.Exported.ToString(CultureInfo.InvariantCulture)).Append(" rows.</p>\n")
            .Append("<p class=\"meta\">Serving log: ").Append(Count(log.Entries)).Append(" entries (").Append(Count(log.Scored)).Append(" scored, ")
            .Append(Count(log.Unusable)).Append(" unusable lines)");
        if (log.From is { } from && log.To is { } to)
        {
            html.Append(" from ").Append(Encode(RowCodec.FormatInstant(from))).Append(" to ").Append(Encode(RowCodec.FormatInstant(to)));
        }

        html.Append(".</p>\n");
        if (report.Parity is { } parity)
        {
            html.Append("<p class=\"meta\">Parity: ").Append(Count(parity.Sampled)).Append(" of ").Append(Count(parity.Eligible))
                .Append(" served rows recomputed from the event log as known at their instants.</p>\n");
        }

        html.Append("</header>\n");
        AppendActions(html, report);
        AppendSummary(html, report);
        foreach (FeatureReport feature in report.Features)
        {
            AppendFeature(html, feature);
        }

        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void AppendActions(StringBuilder html, MonitoringReport report)
    {
        html.Append("<section id=\"actions\">\n<h2>What to do</h2>\n");
        CheckResult[] checks = [.. report.Verdict.Failing.Concat(report.Verdict.Warning)];
        if (checks.Length == 0)
        {
            html.Append("<p>Every check passes: nothing to do.</p>\n</section>\n");
            return;
        }

        html.Append("<ul class=\"actions\">\n");
        foreach (CheckResult check in checks)
        {
            html.Append("<li>").Append(VerdictBadge(check.Verdict)).Append(" <a href=\"#feature-").Append(Encode(check.Feature)).Append("\">")
                .Append(Encode(check.Feature)).Append("</a>: ").Append(Encode(check.Message)).Append(" &rarr; <strong>")
                .Append(Encode(ReportText.Describe(check.Action))).Append("</strong></li>\n");
        }

        html.Append("</ul>\n</section>\n");
    }

    private static void AppendSummary(StringBuilder html, MonitoringReport report)
    {
        html.Append("<section id=\"summary\">\n<h2>Features</h2>\n<table>\n<thead><tr><th>feature</th><th>no value</th><th>unseen</th>")
            .Append("<th>out of range</th><th>freshness p50 / p95 / max</th><th>drift</th><th>parity</th><th>verdict</th></tr></thead>\n<tbody>\n");
        foreach (FeatureReport f in report.Features)
        {
            html.Append("<tr><td><a href=\"#feature-").Append(Encode(f.Feature)).Append("\">").Append(Encode(f.Feature)).Append("</a></td>")
                .Append(Cell(ReportText.Percent(f.Serving.NullRate))).Append(Cell(ReportText.Percent(f.Serving.UnseenRate)))
                .Append(Cell(ReportText.Percent(f.Serving.OutOfRangeRate))).Append(Cell(ReportText.Freshness(f.Serving.Freshness)))
                .Append(Cell(ReportText.Drift(f.Drift))).Append(Cell(ReportText.Parity(f.Parity)))
                .Append("<td>").Append(VerdictBadge(f.Verdict.Verdict)).Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
        if (report.Measures.RejectionsByCode.Count > 0)
        {
            html.Append("<p class=\"meta\">Rejections among ").Append(Count(report.Measures.Requests)).Append(" requests: ")
                .Append(Encode(string.Join(", ", report.Measures.RejectionsByCode.Select(r => $"{r.Key} {ReportText.Percent(report.Measures.RejectionRate(r.Key))}"))))
                .Append(".</p>\n");
        }

        html.Append("</section>\n");
    }

    private static void AppendFeature(StringBuilder html, FeatureReport feature)
    {
        html.Append("<section class=\"feature\" id=\"feature-").Append(Encode(feature.Feature)).Append("\">\n<h2>")
            .Append(Encode(feature.Feature)).Append(' ').Append(VerdictBadge(feature.Verdict.Verdict)).Append("</h2>\n")
            .Append("<p class=\"meta\">").Append(Encode(RowCodec.FormatCode(feature.Kind))).Append("; training: no value ")
            .Append(Encode(ReportText.Percent(feature.Training.NoValueRate)));
        if (feature.Training.UnseenRate is not null)
        {
            html.Append(", unseen ").Append(Encode(ReportText.Percent(feature.Training.UnseenRate)));
        }

        if (feature.Training.OutOfRangeRate is not null)
        {
            html.Append(", clamped ").Append(Encode(ReportText.Percent(feature.Training.OutOfRangeRate)));
        }

        html.Append(" of ").Append(Count(feature.Training.Rows)).Append(" rows.</p>\n");
        if (!feature.UnseenCodes.IsDefaultOrEmpty)
        {
            html.Append("<p class=\"unseen\">Unseen codes in serving, most frequent first: ").Append(Encode(ReportText.Codes(feature))).Append(".</p>\n");
        }
        AppendChart(html, feature);
        AppendChecks(html, feature);
        if (feature.Parity is { Examples.Length: > 0 } parity)
        {
            html.Append("<table class=\"examples\">\n<thead><tr><th>entity</th><th>prediction time</th><th>served</th><th>recomputed</th></tr></thead>\n<tbody>\n");
            foreach (ParityExample example in parity.Examples)
            {
                html.Append("<tr><td>").Append(Encode(example.EntityId)).Append("</td><td>").Append(Encode(RowCodec.FormatInstant(example.PredictionInstant)))
                    .Append("</td><td>").Append(Encode(example.Served ?? "")).Append("</td><td>").Append(Encode(example.Recomputed ?? "")).Append("</td></tr>\n");
            }

            html.Append("</tbody>\n</table>\n");
        }

        html.Append("</section>\n");
    }

    private static void AppendChecks(StringBuilder html, FeatureReport feature)
    {
        if (feature.Verdict.Checks.IsDefaultOrEmpty)
        {
            return;
        }

        html.Append("<table class=\"checks\">\n<thead><tr><th>check</th><th>verdict</th><th>finding</th><th>action</th></tr></thead>\n<tbody>\n");
        foreach (CheckResult check in feature.Verdict.Checks)
        {
            html.Append("<tr><td>").Append(Encode(RowCodec.FormatCode(check.Check))).Append("</td><td>").Append(VerdictBadge(check.Verdict))
                .Append("</td><td>").Append(Encode(check.Message)).Append("</td><td>")
                .Append(Encode(check.Verdict == Verdict.Pass ? "-" : ReportText.Describe(check.Action))).Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
    }

    /// <summary>Grouped bars, training then serving, of each bin's share of its side's present values.</summary>
    private static void AppendChart(StringBuilder html, FeatureReport feature)
    {
        DriftResult drift = feature.Drift;
        string name = Encode(feature.Feature);
        html.Append("<figure>\n");
        if (drift.Bins.IsDefaultOrEmpty)
        {
            html.Append("<p class=\"meta\">No training values to bin.</p>\n</figure>\n");
            return;
        }

        double[] training = Shares(drift.Bins.Select(b => b.Expected).ToArray(), drift.ExpectedCount);
        double[] serving = Shares(drift.Bins.Select(b => b.Actual).ToArray(), drift.ActualCount);
        double top = Math.Max(training.Concat(serving).Max(), 0.01);
        int bins = drift.Bins.Length;
        double plotWidth = ChartWidth - (2 * Margin);
        double plotHeight = ChartHeight - Margin - LabelSpace;
        double slot = plotWidth / bins;
        double bar = Math.Min(slot * 0.38, 28);
        html.Append("<svg class=\"chart\" width=\"").Append(ChartWidth).Append("\" height=\"").Append(ChartHeight)
            .Append("\" viewBox=\"0 0 ").Append(ChartWidth).Append(' ').Append(ChartHeight).Append("\" role=\"img\" aria-label=\"")
            .Append(name).Append(": training and serving distribution over ").Append(bins).Append(" bins\">\n");
        html.Append("<line x1=\"").Append(Margin).Append("\" y1=\"").Append(N(Margin + plotHeight)).Append("\" x2=\"").Append(ChartWidth - Margin)
            .Append("\" y2=\"").Append(N(Margin + plotHeight)).Append("\" stroke=\"#9aa5b1\"/>\n");
        html.Append("<text x=\"").Append(Margin).Append("\" y=\"").Append(Margin - 8).Append("\">share of present values, up to ")
            .Append(Encode(ReportText.Percent(top))).Append("</text>\n");
        for (int i = 0; i < bins; i++)
        {
            double x = Margin + (i * slot) + ((slot - (2 * bar)) / 2);
            AppendBar(html, "training", x, bar, training[i], top, plotHeight, drift.Bins[i].Label);
            AppendBar(html, "serving", x + bar, bar, serving[i], top, plotHeight, drift.Bins[i].Label);
            double labelX = Margin + (i * slot) + (slot / 2);
            double labelY = Margin + plotHeight + 12;
            html.Append("<text x=\"").Append(N(labelX)).Append("\" y=\"").Append(N(labelY)).Append("\" text-anchor=\"end\" transform=\"rotate(-30 ")
                .Append(N(labelX)).Append(' ').Append(N(labelY)).Append(")\">").Append(Encode(drift.Bins[i].Label)).Append("</text>\n");
        }

        html.Append("</svg>\n<figcaption><span class=\"legend\"><span style=\"background:#9aa5b1\"></span>training (")
            .Append(Count(drift.ExpectedCount)).Append(" values)<span style=\"background:#2f6fdf\"></span>serving (")
            .Append(Count(drift.ActualCount)).Append(" values)</span> &mdash; ")
            .Append(Encode(drift.Method == DriftMethod.PopulationStabilityIndex ? "population stability index" : "Jensen–Shannon divergence (log base 2)"))
            .Append(": ").Append(Encode(drift.Value is { } v ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "not measurable")).Append("</figcaption>\n</figure>\n");
    }

    private static void AppendBar(StringBuilder html, string side, double x, double width, double share, double top, double plotHeight, string label)
    {
        double height = plotHeight * share / top;
        html.Append("<rect class=\"").Append(side).Append("\" x=\"").Append(N(x)).Append("\" y=\"").Append(N(Margin + plotHeight - height))
            .Append("\" width=\"").Append(N(width)).Append("\" height=\"").Append(N(height)).Append("\" fill=\"")
            .Append(side == "training" ? "#9aa5b1" : "#2f6fdf").Append("\"><title>").Append(side).Append(' ').Append(Encode(label)).Append(": ")
            .Append(Encode(ReportText.Percent(share))).Append("</title></rect>\n");
    }

    private static double[] Shares(long[] counts, long total)
        => [.. counts.Select(c => total == 0 ? 0 : (double)c / total)];

    private static string Cell(string text) => "<td class=\"num\">" + Encode(text) + "</td>";

    private static string VerdictBadge(Verdict verdict)
    {
        string word = ReportText.Word(verdict);
        return $"<span class=\"verdict {word}\">{word}</span>";
    }

    private static string Count(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static string N(double x) => x.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
