using System.IO;
using System.Linq;
using FeatureContracts.Export;

namespace FeatureContracts.Cli.Tests;

/// <summary>The progress display of a long export, on stderr.</summary>
public sealed class ProgressDisplayTests : CliTestBase
{
    [Fact]
    public void Export_of_a_log_over_100000_lines_writes_progress_lines_to_stderr_and_nothing_else()
    {
        GeneratedLog log = TestLogs.WriteShipments(PathOf("big.jsonl"), orders: 30_000, seed: 7, malformed: false);
        log.Lines.Should().BeGreaterThan(100_000);

        CliRun run = Run("export", "--events", log.Path, "--schedule", "2h", "--out", PathOf("rows.csv"), "--snapshot", TestLogs.SnapshotText, "--partitions", "3");

        run.ExitCode.Should().Be(0, run.ToString());
        ExportManifest manifest = ExportManifest.FromJson(File.ReadAllText(PathOf("rows.csv.manifest.json")));
        manifest.Events.LinesRead.Should().Be(log.Lines);
        string[] progress = run.Error.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        progress.Should().Contain("reading: 100000 lines", "the first report of a phase is shown at once");
        progress.Should().Contain($"building: partition 3/3, {manifest.Points.Exported} rows exported", "the end of the export is always shown");
        progress.Should().AllSatisfy(line => line.Should().MatchRegex(@"^(reading: \d+ lines|building: partition \d+/3, \d+ rows exported)$"));
        run.Output.Should().StartWith($"exported {manifest.Points.Exported} rows");
    }

    [Fact]
    public void A_short_export_shows_only_the_end_of_the_export()
    {
        GeneratedLog log = TestLogs.WriteShipments(PathOf("small.jsonl"), orders: 20);

        CliRun run = Run("export", "--events", log.Path, "--schedule", "2h", "--out", PathOf("rows.csv"), "--snapshot", TestLogs.SnapshotText);

        run.ExitCode.Should().Be(0, run.ToString());
        ExportManifest manifest = ExportManifest.FromJson(File.ReadAllText(PathOf("rows.csv.manifest.json")));
        run.Error.ReplaceLineEndings("\n").Split('\n', System.StringSplitOptions.RemoveEmptyEntries)
            .Should().Equal($"building: partition 1/1, {manifest.Points.Exported} rows exported");
    }
}
