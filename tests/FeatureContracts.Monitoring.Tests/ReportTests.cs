using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using FeatureContracts.Export;
using FeatureContracts.Serving;
using NodaTime;

namespace FeatureContracts.Monitoring.Tests;

/// <summary>The report of a live replay whose warehouse feed went through a stale cache, as JSON, as a table and as a page.</summary>
public sealed class ReportTests : IAsyncLifetime
{
    private readonly ServingScenario _scenario = new(orders: 150, seed: 3);
    private ExportManifest _manifest = null!;
    private string _servingLog = null!;

    public async Task InitializeAsync()
    {
        _manifest = await LiveReplay.BaselineAsync(_scenario, ServingScenario.Start + Duration.FromDays(14));
        _servingLog = LiveReplay.ServingLog(_scenario.Events, Duration.FromHours(6));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private MonitoringReport Report(string? servingLog = null)
        => MonitoringCheck.Run(LiveReplay.Transform, _manifest, LiveReplay.Read(servingLog ?? _servingLog), LiveReplay.EventLog(_scenario.Events));

    [Fact]
    public void Lines_reconcile_and_an_unusable_line_is_quoted_with_its_number()
    {
        int lines = _servingLog.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        MonitoringReport report = Report(_servingLog + "{\"order_id\": \"O-1\", \"prediction_time\": \"2026-05-01T09:00:00\"}\n");

        report.ServingLog.Lines.Should().Be(lines + 1);
        report.ServingLog.Unusable.Should().Be(1);
        report.ServingLog.Entries.Should().Be(lines);
        report.ServingLog.UnusableExamples.Should().ContainSingle().Which.Should().Contain($"{lines + 1}");
        report.Measures.Requests.Should().Be(lines);
    }

    [Fact]
    public void JSON_is_deterministic_and_says_the_verdict_the_action_and_the_feature()
    {
        string json = ReportJson.Write(Report());

        ReportJson.Write(Report()).Should().Be(json);
        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement root = document.RootElement;
        root.GetProperty("format_version").GetInt32().Should().Be(1);
        root.GetProperty("verdict").GetString().Should().Be("fail");
        root.GetProperty("actions").EnumerateArray().Select(a => a.GetString()).Should().Contain("repair_feature_path");
        root.GetProperty("contract").GetProperty("fingerprint").GetString().Should().Be(LiveReplay.Transform.Contract.Fingerprint);
        JsonElement[] features = [.. root.GetProperty("features").EnumerateArray()];
        features.Select(f => f.GetProperty("name").GetString()).Should().Equal(LiveReplay.Transform.Contract.Features.Select(f => f.Name));
        JsonElement backlog = features[2];
        backlog.GetProperty("verdict").GetString().Should().Be("fail");
        backlog.GetProperty("parity").GetProperty("mismatched").GetInt64().Should().BeGreaterThan(0);
        backlog.GetProperty("checks").EnumerateArray()
            .Should().Contain(c => c.GetProperty("check").GetString() == "parity" && c.GetProperty("action").GetString() == "repair_feature_path");
        features[0].GetProperty("parity").GetProperty("mismatched").GetInt64().Should().Be(0);
        foreach (JsonElement feature in features)
        {
            JsonElement drift = feature.GetProperty("drift");
            drift.GetProperty("bins").EnumerateArray().Sum(b => b.GetProperty("expected").GetInt64())
                .Should().Be(drift.GetProperty("expected_count").GetInt64());
        }
    }

    [Fact]
    public void The_console_table_has_a_line_per_feature_then_the_verdict_and_what_to_do()
    {
        var output = new StringWriter();
        ReportConsole.Write(output, Report());
        string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        lines.Should().Contain(l => l.StartsWith("feature ", StringComparison.Ordinal) && l.Contains("parity", StringComparison.Ordinal));
        foreach (string feature in LiveReplay.Transform.Contract.Features.Select(f => f.Name))
        {
            lines.Should().Contain(l => l.StartsWith(feature + " ", StringComparison.Ordinal));
        }

        lines.Should().Contain(l => Regex.IsMatch(l, @"^origin_backlog .* [1-9][0-9]*/[0-9]+ +fail$"));
        lines.Should().Contain("verdict: FAIL");
        lines.Should().Contain(l => l.StartsWith("  fail origin_backlog: ", StringComparison.Ordinal) && l.EndsWith("-> repair the feature path", StringComparison.Ordinal));
    }

    [Fact]
    public void The_page_is_self_contained_with_a_chart_per_feature_of_both_distributions()
    {
        MonitoringReport report = Report();
        string html = ReportHtml.Render(report);

        html.Should().StartWith("<!DOCTYPE html>");
        html.Should().Contain("Content-Security-Policy\" content=\"default-src 'none'");
        foreach (string forbidden in new[] { "http:", "https:", "//", " src=", "url(", "@import", "<script", "<link", "<iframe", "<img" })
        {
            html.Should().NotContain(forbidden, "the page loads nothing");
        }

        foreach (FeatureReport feature in report.Features)
        {
            Match section = Regex.Match(html, $"<section class=\"feature\" id=\"feature-{feature.Feature}\">(.*?)</section>", RegexOptions.Singleline);
            section.Success.Should().BeTrue(feature.Feature);
            string body = section.Groups[1].Value;
            body.Should().Contain("<svg class=\"chart\"");
            Regex.Count(body, "<rect class=\"training\"").Should().Be(feature.Drift.Bins.Length, feature.Feature);
            Regex.Count(body, "<rect class=\"serving\"").Should().Be(feature.Drift.Bins.Length, feature.Feature);
            foreach (DriftBin bin in feature.Drift.Bins)
            {
                body.Should().Contain(System.Net.WebUtility.HtmlEncode(bin.Label));
            }
        }

        html.Should().Contain("repair the feature path");
        ReportHtml.Render(report).Should().Be(html, "the same report gives the same page");
    }

    [Fact]
    public void Text_from_the_data_is_escaped_in_the_page()
    {
        var berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
        Instant at(int hour) => Instant.FromUtc(2026, 5, 1, hour, 0);
        const string id = "<b>O-1</b>";
        Shipments.Events.ShipmentEvent[] events =
        [
            new Shipments.Events.OrderPlaced(id, at(6), "northline", 620, false, "WH-A", new LocalDate(2026, 5, 3), berlin, at(6), "p1"),
            new Shipments.Events.BacklogMeasured("WH-A", 18, at(5), at(5), "b1"),
            new Shipments.Events.BacklogMeasured("WH-A", 25, at(8), at(8), "b2"),
            new Shipments.Events.Scan(id, at(9), "hub", at(9), "s1"),
        ];
        string log = LiveReplay.ServingLog(events, Duration.FromHours(6));
        MonitoringReport report = MonitoringCheck.Run(LiveReplay.Transform, _manifest, LiveReplay.Read(log), LiveReplay.EventLog(events));

        report.Features.SelectMany(f => f.Parity!.Examples).Should().Contain(x => x.EntityId == id, "the fixture must put the id on the page");
        string html = ReportHtml.Render(report);
        html.Should().Contain("&lt;b&gt;O-1&lt;/b&gt;").And.NotContain(id);
    }

    [Fact]
    public void The_log_is_read_once_so_a_one_shot_reader_feeds_every_check()
    {
        var once = new OnlyOnce<ServingLogLine>(new ServingLogReader(LiveReplay.Transform).ReadLines(new StringReader(_servingLog)));

        MonitoringReport report = MonitoringCheck.Run(LiveReplay.Transform, _manifest, once, LiveReplay.EventLog(_scenario.Events));

        report.Parity!.Sampled.Should().BeGreaterThan(100);
        report.Features.Should().OnlyContain(f => f.Drift.ActualCount > 0);
        report.Verdict.Failing.Should().Contain(c => c.Check == MonitorCheck.Parity);
    }

    [Fact]
    public void The_raw_codes_behind_the_unseen_rate_are_listed_most_frequent_first()
    {
        // The scenario's only carrier outside the vocabulary is zipzap; every served row whose carrier reads "other"
        // came from it.
        MonitoringReport report = Report();
        long other = LiveReplay.Read(_servingLog).Select(l => l.Entry!).Count(e => e.HasRow && e.Values[3].Category == "other");

        other.Should().BeGreaterThan(0);
        report.Features[3].UnseenCodes.Should().Equal(new Export.Statistics.CategoryCount("zipzap", other));
        report.Features.Where(f => f.Feature != "carrier").Should().OnlyContain(f => f.UnseenCodes.IsEmpty);
        var console = new StringWriter();
        ReportConsole.Write(console, report);
        console.ToString().Should().Contain($"unseen carrier codes: zipzap {other}\n");
        ReportHtml.Render(report).Should().Contain($"Unseen codes in serving, most frequent first: zipzap {other}.");
        ReportJson.Write(report).Should().Contain("\"code\": \"zipzap\"");
    }

    /// <summary>An enumerable that refuses a second enumeration, as a reader over a stream would fail it.</summary>
    private sealed class OnlyOnce<T>(IEnumerable<T> items) : IEnumerable<T>
    {
        private bool _used;

        public IEnumerator<T> GetEnumerator()
        {
            _used = _used ? throw new InvalidOperationException("enumerated twice") : true;
            return items.GetEnumerator();
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
