using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using FeatureContracts.Export;

namespace FeatureContracts.Cli.Tests;

/// <summary><c>featurecontracts export</c>: formats, the manifest, the stdout summary, snapshots, shards, schedules and refused input.</summary>
public sealed partial class ExportCommandTests : CliTestBase
{
    private readonly GeneratedLog _log;
    private readonly IReadOnlyList<(string OrderId, string Time)> _points;
    private readonly string _pointsCsv;

    public ExportCommandTests()
    {
        _log = TestLogs.WriteShipments(PathOf("events.jsonl"), orders: 240);
        _points = TestLogs.Points(_log);
        _pointsCsv = TestLogs.WritePointsCsv(PathOf("points.csv"), _points);
    }

    private CliRun Export(string outName, params string[] more)
        => Run(["export", "--events", _log.Path, "--points", _pointsCsv, "--out", PathOf(outName), "--snapshot", TestLogs.SnapshotText, .. more]);

    private CliRun ExportOk(string outName, params string[] more)
    {
        CliRun run = Export(outName, more);
        run.ExitCode.Should().Be(0, run.ToString());
        return run;
    }

    private ExportManifest ManifestOf(string outName) => ExportManifest.FromJson(File.ReadAllText(PathOf(outName) + ".manifest.json"));

    private string[] FilesInFolder() => [.. Directory.GetFiles(Folder).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    // ---- formats, files, summary ----------------------------------------------------------------------------------

    [Theory]
    [InlineData("csv")]
    [InlineData("jsonl")]
    [InlineData("parquet")]
    public void Export_in_each_format_writes_rows_manifest_and_rejects_and_exits_0_although_the_log_has_malformed_lines(string format)
    {
        _log.MalformedLines.Should().BeGreaterThan(0, "the log must hold malformed lines for this test to mean anything");

        ExportOk("rows.out", "--format", format);

        File.Exists(PathOf("rows.out")).Should().BeTrue();
        File.Exists(PathOf("rows.out.manifest.json")).Should().BeTrue();
        File.Exists(PathOf("rows.out.rejects.jsonl")).Should().BeTrue();
        FilesInFolder().Should().Equal("events.jsonl", "points.csv", "rows.out", "rows.out.manifest.json", "rows.out.rejects.jsonl");

        ExportManifest manifest = ManifestOf("rows.out");
        manifest.Points.Exported.Should().BeGreaterThan(0);
        OutputFile output = manifest.Outputs.Should().ContainSingle().Subject;
        output.Should().Be(new OutputFile(
            "rows.out", format, manifest.Points.Exported, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(PathOf("rows.out")))), new FileInfo(PathOf("rows.out")).Length,
            new FileDigest("rows.out.rejects.jsonl", new FileInfo(PathOf("rows.out.rejects.jsonl")).Length, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(PathOf("rows.out.rejects.jsonl")))))));
        manifest.Events.Rejected.Values.Sum().Should().Be(_log.MalformedLines);

        string[] rejects = File.ReadAllLines(PathOf("rows.out.rejects.jsonl"));
        rejects.Count(r => r.Contains("\"source\":\"events\"", StringComparison.Ordinal)).Should().Be((int)_log.MalformedLines);
        rejects.Count(r => r.Contains("\"source\":\"points\"", StringComparison.Ordinal)).Should().Be(1, "one points line has no offset");
        rejects.Should().Contain(r => r.Contains("\"code\":\"entity_not_known\"", StringComparison.Ordinal) && r.Contains("O-UNKNOWN", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("jsonl")]
    [InlineData("parquet")]
    public void Stdout_summary_numbers_match_the_manifest(string format)
    {
        CliRun run = ExportOk("rows." + format);
        ExportManifest manifest = ManifestOf("rows." + format);
        string rows = PathOf("rows." + format);

        string[] lines = run.Output.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        lines.Should().HaveCount(4, run.ToString());
        lines[0].Should().Be($"exported {manifest.Points.Exported} rows to {rows} ({format})");

        Match points = PointsLine().Match(lines[1]);
        points.Success.Should().BeTrue(lines[1]);
        Number(points, "read").Should().Be(manifest.Points.Read);
        Number(points, "exported").Should().Be(manifest.Points.Exported);
        Number(points, "immature").Should().Be(manifest.Points.Immature);
        Number(points, "rejected").Should().Be(manifest.Points.Rejected.Values.Sum());

        Match events = EventsLine().Match(lines[2]);
        events.Success.Should().BeTrue(lines[2]);
        Number(events, "lines").Should().Be(manifest.Events.LinesRead);
        Number(events, "usable").Should().Be(manifest.Events.Accepted);
        Number(events, "rejected").Should().Be(manifest.Events.Rejected.Values.Sum());
        Number(events, "after").Should().Be(manifest.Events.RecordedAfterSnapshot);
        events.Groups["snapshot"].Value.Should().Be(manifest.Snapshot);

        lines[3].Should().Be($"manifest: {rows}.manifest.json; rejects: {rows}.rejects.jsonl");
    }

    [Fact]
    public void Manifest_counts_reconcile_and_cover_every_point_and_line()
    {
        ExportOk("rows.csv");
        ExportManifest manifest = ManifestOf("rows.csv");

        PointCounts points = manifest.Points;
        (points.Exported + points.Immature + points.Rejected.Values.Sum()).Should().Be(points.Read);
        points.Read.Should().Be(_points.Count, "every line of the points file is a point or a rejected line");
        points.Immature.Should().BeGreaterThan(0, "orders of the last day are still in transit at the snapshot");
        points.Rejected.Keys.Should().BeEquivalentTo(
            "entity_not_known", "invalid_point:timestamp_without_offset", "missing_value:distance_km", "outcome_already_known:delivered_after_promise", "prediction_after_snapshot");

        EventCounts events = manifest.Events;
        events.LinesRead.Should().Be(_log.Lines);
        (events.Accepted + events.Rejected.Values.Sum()).Should().Be(events.LinesRead);
        (events.Used + events.RecordedAfterSnapshot).Should().Be(events.Accepted);
        events.RecordedAfterSnapshot.Should().BeGreaterThan(0);

        RowFiles.ReadCsv(PathOf("rows.csv")).Rows.Should().HaveCount((int)points.Exported);
    }

    [Fact]
    public void Parquet_output_read_back_with_DuckDB_has_the_rows_of_the_csv_output()
    {
        ExportOk("rows.csv");
        ExportOk("rows.parquet");
        List<string[]> csv = RowFiles.ReadCsv(PathOf("rows.csv")).Rows;

        RowFiles.CountParquetRows(PathOf("rows.parquet")).Should().Be(csv.Count).And.Be(ManifestOf("rows.parquet").Points.Exported);
        RowFiles.ReadParquetOrderIds(PathOf("rows.parquet")).Should().Equal(csv.Select(r => r[0]));
    }

    [Fact]
    public void Csv_and_jsonl_outputs_hold_the_same_rows()
    {
        ExportOk("rows.csv");
        ExportOk("rows.jsonl");

        (string[] header, List<string[]> csv) = RowFiles.ReadCsv(PathOf("rows.csv"));
        List<string[]> jsonl = RowFiles.ReadJsonLines(PathOf("rows.jsonl"));

        header.Should().Equal(RowFiles.Columns);
        csv.Should().NotBeEmpty();
        jsonl.Should().HaveSameCount(csv);
        for (int i = 0; i < csv.Count; i++)
        {
            jsonl[i].Should().Equal(csv[i], $"row {i} ({csv[i][0]} at {csv[i][1]})");
        }
    }

    [Fact]
    public void The_format_follows_the_out_extension_when_not_given()
    {
        ExportOk("rows.jsonl");
        ExportOk("rows.json");
        ExportOk("rows.parquet");
        ExportOk("rows.CSV");

        ManifestOf("rows.jsonl").Outputs.Single().Format.Should().Be("jsonl");
        ManifestOf("rows.json").Outputs.Single().Format.Should().Be("jsonl");
        ManifestOf("rows.parquet").Outputs.Single().Format.Should().Be("parquet");
        ManifestOf("rows.CSV").Outputs.Single().Format.Should().Be("csv");
    }

    [Fact]
    public void Points_as_json_lines_give_the_same_rows_as_points_as_csv()
    {
        string pointsJsonl = TestLogs.WritePointsJsonLines(PathOf("points.jsonl"), _points);
        ExportOk("from-csv.csv");
        CliRun run = Run("export", "--events", _log.Path, "--points", pointsJsonl, "--out", PathOf("from-jsonl.csv"), "--snapshot", TestLogs.SnapshotText);

        run.ExitCode.Should().Be(0, run.ToString());
        File.ReadAllBytes(PathOf("from-jsonl.csv")).Should().Equal(File.ReadAllBytes(PathOf("from-csv.csv")));
        ManifestOf("from-jsonl.csv").Points.Should().BeEquivalentTo(ManifestOf("from-csv.csv").Points);
    }

    [Fact]
    public void The_manifest_names_the_built_in_contract_and_the_inputs()
    {
        ExportOk("rows.csv");
        ExportManifest manifest = ManifestOf("rows.csv");

        manifest.Contract.Should().Be(new ContractIdentity("late_delivery", 1, Shipments.Contract.LateDeliveryContract.V1.Fingerprint));
        manifest.Shard.Should().Be(new ShardIdentity(0, 1));
        manifest.Inputs.Select(i => (i.Role, i.Name, i.DigestOf)).Should().Equal(("events", "events.jsonl", "file"), ("points", "points.csv", "file"));
        manifest.Inputs[0].Sha256.Should().Be(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(_log.Path))));
    }

    // ---- snapshot -------------------------------------------------------------------------------------------------

    [Fact]
    public void Snapshot_omitted_is_the_instant_of_the_injected_clock()
    {
        CliRun run = Run("export", "--events", _log.Path, "--points", _pointsCsv, "--out", PathOf("rows.csv"));

        run.ExitCode.Should().Be(0, run.ToString());
        ManifestOf("rows.csv").Snapshot.Should().Be("2026-06-01T12:00:00Z").And.Be(TestLogs.Format(Now));
        ManifestOf("rows.csv").Events.RecordedAfterSnapshot.Should().Be(0, "every event was recorded before the clock's now");
    }

    [Fact]
    public void Snapshot_with_an_offset_is_converted_to_utc_and_gives_the_same_rows()
    {
        ExportOk("z.csv");
        CliRun run = Run("export", "--events", _log.Path, "--points", _pointsCsv, "--out", PathOf("offset.csv"), "--snapshot", "2026-05-07T02:00:00+02:00");

        run.ExitCode.Should().Be(0, run.ToString());
        ManifestOf("offset.csv").Snapshot.Should().Be("2026-05-07T00:00:00Z");
        File.ReadAllBytes(PathOf("offset.csv")).Should().Equal(File.ReadAllBytes(PathOf("z.csv")));
    }

    [Fact]
    public void Snapshot_without_an_offset_exits_1_with_a_message_naming_snapshot()
    {
        CliRun run = Run("export", "--events", _log.Path, "--points", _pointsCsv, "--out", PathOf("rows.csv"), "--snapshot", "2026-05-07T00:00:00");

        run.ExitCode.Should().Be(1, run.ToString());
        run.Error.Should().Contain("--snapshot").And.Contain("2026-05-07T00:00:00");
        File.Exists(PathOf("rows.csv")).Should().BeFalse();
    }

    // ---- shards ---------------------------------------------------------------------------------------------------

    [Fact]
    public void Shards_0_and_1_of_2_concatenate_to_the_unsharded_rows()
    {
        ExportOk("all.jsonl");
        ExportOk("shard0.jsonl", "--shard", "0/2");
        ExportOk("shard1.jsonl", "--shard", "1/2");

        string[] whole = File.ReadAllLines(PathOf("all.jsonl"));
        string[] shard0 = File.ReadAllLines(PathOf("shard0.jsonl"));
        string[] shard1 = File.ReadAllLines(PathOf("shard1.jsonl"));

        shard0.Should().NotBeEmpty();
        shard1.Should().NotBeEmpty();
        shard0.Concat(shard1).Should().Equal(whole);
        ManifestOf("shard1.jsonl").Shard.Should().Be(new ShardIdentity(1, 2));

        ExportManifest merged = ExportManifest.Merge([ManifestOf("shard0.jsonl"), ManifestOf("shard1.jsonl")]);
        merged.Points.Should().BeEquivalentTo(ManifestOf("all.jsonl").Points);
    }

    [Theory]
    [InlineData("2/2")]
    [InlineData("1")]
    [InlineData("-1/2")]
    public void A_shard_outside_K_of_N_exits_1(string shard)
    {
        CliRun run = Export("rows.csv", "--shard", shard);

        run.ExitCode.Should().Be(1, run.ToString());
        run.Error.Should().Contain("--shard");
        File.Exists(PathOf("rows.csv")).Should().BeFalse();
    }

    // ---- schedule -------------------------------------------------------------------------------------------------

    [Fact]
    public void Schedule_instead_of_points_exports_rows()
    {
        CliRun run = Run("export", "--events", _log.Path, "--schedule", "2h,12h", "--out", PathOf("rows.csv"), "--snapshot", TestLogs.SnapshotText);

        run.ExitCode.Should().Be(0, run.ToString());
        ExportManifest manifest = ManifestOf("rows.csv");
        manifest.Points.Exported.Should().BeGreaterThan(0);
        (manifest.Points.Exported + manifest.Points.Immature + manifest.Points.Rejected.Values.Sum()).Should().Be(manifest.Points.Read);
        manifest.Inputs[1].Should().Be(new InputDigest("points", manifest.Inputs[1].Name, "none", string.Empty));
        manifest.Inputs[1].Name.Should().StartWith("schedule:");
        RowFiles.ReadCsv(PathOf("rows.csv")).Rows.Should().HaveCount((int)manifest.Points.Exported);
    }

    [Fact]
    public void Points_and_schedule_together_exit_1()
    {
        CliRun run = Export("rows.csv", "--schedule", "2h");

        run.ExitCode.Should().Be(1, run.ToString());
        run.Error.Should().Contain("--points").And.Contain("--schedule");
        File.Exists(PathOf("rows.csv")).Should().BeFalse();
    }

    [Fact]
    public void Neither_points_nor_schedule_exits_1()
    {
        CliRun run = Run("export", "--events", _log.Path, "--out", PathOf("rows.csv"), "--snapshot", TestLogs.SnapshotText);

        run.ExitCode.Should().Be(1, run.ToString());
        run.Error.Should().Contain("--points").And.Contain("--schedule");
    }

    [Theory]
    [InlineData("2x")]
    [InlineData("h")]
    [InlineData(",")]
    public void An_unusable_schedule_exits_1(string schedule)
    {
        CliRun run = Run("export", "--events", _log.Path, "--schedule", schedule, "--out", PathOf("rows.csv"), "--snapshot", TestLogs.SnapshotText);

        run.ExitCode.Should().Be(1, run.ToString());
        run.Error.Should().Contain("--schedule");
    }

    // ---- refused input --------------------------------------------------------------------------------------------

    [Fact]
    public void A_missing_events_file_exits_3_with_file_not_found()
    {
        string missing = PathOf("no-such-events.jsonl");
        CliRun run = Run("export", "--events", missing, "--points", _pointsCsv, "--out", PathOf("rows.csv"));

        run.ExitCode.Should().Be(3, run.ToString());
        run.Error.Should().Contain("file not found").And.Contain(missing);
    }

    [Fact]
    public void A_missing_points_file_exits_3_with_file_not_found()
    {
        CliRun run = Run("export", "--events", _log.Path, "--points", PathOf("no-such-points.csv"), "--out", PathOf("rows.csv"));

        run.ExitCode.Should().Be(3, run.ToString());
        run.Error.Should().Contain("file not found");
    }

    [Fact]
    public void A_points_csv_without_the_header_exits_3_and_leaves_no_output()
    {
        File.WriteAllText(PathOf("headless.csv"), "O-00001,2026-05-01T09:00:00Z\nO-00002,2026-05-01T10:00:00Z\n");

        CliRun run = Run("export", "--events", _log.Path, "--points", PathOf("headless.csv"), "--out", PathOf("rows.csv"), "--snapshot", TestLogs.SnapshotText);

        run.ExitCode.Should().Be(3, run.ToString());
        run.Error.Should().Contain("order_id").And.Contain("prediction_time");
        FilesInFolder().Should().Equal("events.jsonl", "headless.csv", "points.csv");
    }

    [Fact]
    public void An_unknown_format_is_a_parse_error()
    {
        CliRun run = Export("rows.csv", "--format", "xml");

        run.ExitCode.Should().NotBe(0);
        run.Error.Should().Contain("xml");
        File.Exists(PathOf("rows.csv")).Should().BeFalse();
    }

    [Theory]
    [InlineData("--events")]
    [InlineData("--out")]
    public void A_required_option_missing_is_a_parse_error(string omitted)
    {
        var args = new List<string> { "export", "--events", _log.Path, "--points", _pointsCsv, "--out", PathOf("rows.csv") };
        args.RemoveRange(args.IndexOf(omitted), 2);

        CliRun run = Run([.. args]);

        run.ExitCode.Should().NotBe(0);
        run.Error.Should().Contain(omitted);
        File.Exists(PathOf("rows.csv")).Should().BeFalse();
    }

    private static long Number(Match match, string group) => long.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^points: (?<read>\d+) read, (?<exported>\d+) exported, (?<immature>\d+) immature, (?<rejected>\d+) rejected$")]
    private static partial Regex PointsLine();

    [GeneratedRegex(@"^events: (?<lines>\d+) lines, (?<usable>\d+) usable, (?<rejected>\d+) rejected, (?<after>\d+) recorded after the snapshot (?<snapshot>\S+)$")]
    private static partial Regex EventsLine();
}
