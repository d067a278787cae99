using System;
using System.IO;

namespace FeatureContracts.Cli.Tests;

/// <summary><c>featurecontracts verify OUT...</c>: exit 0 and one line per complete set; exit 6 and one line per problem.</summary>
public sealed class VerifyCommandTests : CliTestBase
{
    private readonly GeneratedLog _log;

    public VerifyCommandTests()
    {
        _log = TestLogs.WriteShipments(PathOf("events.jsonl"), orders: 80);
    }

    private void Export(string name, params string[] more) => ExportWith("2h,12h", name, more);

    private void ExportWith(string schedule, string name, params string[] more)
    {
        CliRun run = Run(["export", "--events", _log.Path, "--schedule", schedule, "--out", PathOf(name), "--snapshot", TestLogs.SnapshotText, .. more]);
        run.ExitCode.Should().Be(0, run.ToString());
    }

    private static string[] Lines(string text) => text.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void A_complete_export_exits_0_with_one_line_saying_so()
    {
        Export("rows.parquet");
        long rows = RowsExported("rows.parquet");

        CliRun run = Run("verify", PathOf("rows.parquet"));

        run.ExitCode.Should().Be(0, run.ToString());
        Lines(run.Output).Should().Equal($"complete: {PathOf("rows.parquet")}: {rows} rows (parquet); rows.parquet and rows.parquet.rejects.jsonl match rows.parquet.manifest.json");
        run.Error.Should().BeEmpty();
    }

    [Fact]
    public void Rows_without_their_manifest_exit_6_with_one_problem_line()
    {
        Export("rows.csv");
        File.Delete(PathOf("rows.csv.manifest.json"));

        CliRun run = Run("verify", PathOf("rows.csv"));

        run.ExitCode.Should().Be(ExitCodes.ExportIncomplete, run.ToString());
        Lines(run.Output).Should().Equal(
            $"problem: {PathOf("rows.csv.manifest.json")}: missing, so rows.csv and rows.csv.rejects.jsonl are not a complete export (an export to this path did not finish)",
            "incomplete: 1 problem(s)");
    }

    [Fact]
    public void Rows_of_another_export_beside_the_manifest_exit_6_naming_the_rows_file()
    {
        Export("rows.csv");
        ExportWith("6h", "other.csv");
        File.Copy(PathOf("other.csv"), PathOf("rows.csv"), overwrite: true);

        CliRun run = Run("verify", PathOf("rows.csv"));

        run.ExitCode.Should().Be(ExitCodes.ExportIncomplete, run.ToString());
        string[] lines = Lines(run.Output);
        lines.Should().HaveCount(2);
        lines[0].Should().StartWith($"problem: {PathOf("rows.csv")}: ").And.EndWith("not the file it describes");
    }

    [Fact]
    public void Every_shard_of_an_export_verifies_together_and_one_shard_twice_does_not()
    {
        Export("part-0.jsonl", "--shard", "0/2");
        Export("part-1.jsonl", "--shard", "1/2");

        CliRun both = Run("verify", PathOf("part-0.jsonl"), PathOf("part-1.jsonl"));
        CliRun twice = Run("verify", PathOf("part-0.jsonl"), PathOf("part-0.jsonl"));

        both.ExitCode.Should().Be(0, both.ToString());
        Lines(both.Output).Should().HaveCount(2).And.AllSatisfy(l => l.Should().StartWith("complete: ").And.Contain("(jsonl, shard "));
        twice.ExitCode.Should().Be(ExitCodes.ExportIncomplete, twice.ToString());
        Lines(twice.Output)[0].Should().StartWith("problem: shards: Expected the 2 shards 0..1 of one export");
    }

    [Fact]
    public void Nothing_at_the_path_exits_6()
    {
        CliRun run = Run("verify", PathOf("rows.csv"));

        run.ExitCode.Should().Be(ExitCodes.ExportIncomplete, run.ToString());
        Lines(run.Output)[0].Should().Be($"problem: {PathOf("rows.csv")}: no export here: neither the rows file nor its manifest exists");
    }

    [Fact]
    public void Verify_without_a_path_is_a_parse_error()
    {
        CliRun run = Run("verify");

        run.ExitCode.Should().Be(ExitCodes.BadArguments, run.ToString());
        run.Error.Should().Contain("Required argument missing for command: 'verify'");
    }

    private long RowsExported(string name) => FeatureContracts.Export.ExportManifest.FromJson(File.ReadAllText(PathOf(name + ".manifest.json"))).Points.Exported;
}
