using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NodaTime.Testing;

namespace FeatureContracts.Cli.Tests;

/// <summary>
/// <c>featurecontracts export</c> checks its output path before the work, says what the operating system refused in
/// one line with exit code 5, refuses an <c>--out</c> extension of no known format, and exits 130 when cancelled,
/// leaving the files already at its paths as they were. In-process; the child-process faults are in <see cref="FaultTests"/>.
/// </summary>
public sealed class ExportSafetyCommandTests : CliTestBase
{
    private readonly GeneratedLog _log;

    public ExportSafetyCommandTests()
    {
        _log = TestLogs.WriteShipments(PathOf("events.jsonl"), orders: 60);
    }

    private CliRun Export(string outPath, params string[] more)
        => Run(["export", "--events", _log.Path, "--schedule", "2h,12h", "--out", outPath, "--snapshot", TestLogs.SnapshotText, .. more]);

    private string[] Entries() => [.. Directory.GetFileSystemEntries(Folder).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    private static string[] ErrorLines(CliRun run) => run.Error.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Theory]
    [InlineData("rows.txt")]
    [InlineData("rows")]
    [InlineData("rows.csv.gz")]
    public void An_out_extension_of_no_known_format_exits_1_naming_the_known_extensions_and_writes_nothing(string name)
    {
        CliRun run = Export(PathOf(name));

        run.ExitCode.Should().Be(ExitCodes.BadArguments, run.ToString());
        ErrorLines(run).Should().Equal($"error: --out: '{name}' has no extension of a known format (.csv, .jsonl, .json, .parquet); give one, or --format");
        Entries().Should().Equal("events.jsonl");
    }

    [Fact]
    public void An_out_of_any_extension_is_written_in_the_format_given()
    {
        CliRun run = Export(PathOf("rows.txt"), "--format", "jsonl");

        run.ExitCode.Should().Be(0, run.ToString());
        Entries().Should().Equal("events.jsonl", "rows.txt", "rows.txt.manifest.json", "rows.txt.rejects.jsonl");
    }

    [Fact]
    public void An_out_path_that_is_a_folder_exits_5_naming_it_before_the_export_runs()
    {
        Directory.CreateDirectory(PathOf("rows.csv"));

        CliRun run = Export(PathOf("rows.csv"));

        run.ExitCode.Should().Be(ExitCodes.IoFailure, run.ToString());
        ErrorLines(run).Should().Equal($"error: Cannot write {PathOf("rows.csv")}: it is a folder.");
        Entries().Should().Equal("events.jsonl", "rows.csv");
        Directory.GetFileSystemEntries(PathOf("rows.csv")).Should().BeEmpty();
    }

    [Fact]
    public void An_out_path_under_a_file_exits_5_naming_the_file()
    {
        CliRun run = Export(Path.Combine(_log.Path, "rows.csv"));

        run.ExitCode.Should().Be(ExitCodes.IoFailure, run.ToString());
        ErrorLines(run).Should().Equal($"error: Cannot write {Path.Combine(_log.Path, "rows.csv")}: {_log.Path} is a file, not a folder.");
    }

    [Fact]
    public void A_temp_folder_under_a_file_exits_5_naming_it_and_leaves_no_output()
    {
        CliRun run = Export(PathOf("rows.csv"), "--temp", Path.Combine(_log.Path, "spill"));

        run.ExitCode.Should().Be(ExitCodes.IoFailure, run.ToString());
        string line = ErrorLines(run).Should().ContainSingle().Subject;
        line.Should().StartWith($"error: Cannot write spill files in {Path.Combine(_log.Path, "spill")}: ");
        Entries().Should().Equal("events.jsonl");
    }

    [Fact]
    public void An_events_path_that_is_a_folder_exits_3_saying_it_is_a_folder()
    {
        Directory.CreateDirectory(PathOf("logs"));

        CliRun run = Run("export", "--events", PathOf("logs"), "--schedule", "2h", "--out", PathOf("rows.csv"), "--snapshot", TestLogs.SnapshotText);

        run.ExitCode.Should().Be(ExitCodes.BadInput, run.ToString());
        ErrorLines(run).Should().Equal($"error: {PathOf("logs")} is a folder, not a file");
    }

    [Fact]
    public async Task A_cancelled_export_exits_130_and_leaves_the_files_at_its_paths_as_they_were()
    {
        CliRun first = Export(PathOf("rows.csv"));
        first.ExitCode.Should().Be(0, first.ToString());
        var before = Directory.GetFiles(Folder).ToDictionary(f => f, File.ReadAllBytes);
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        using var output = new StringWriter();
        using var error = new StringWriter();
        int exit = await CliApp.Build(output, error, new FakeClock(Now))
            .Parse(["export", "--events", _log.Path, "--schedule", "6h", "--out", PathOf("rows.csv"), "--snapshot", TestLogs.SnapshotText])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null }, cancel.Token);

        exit.Should().Be(ExitCodes.Cancelled, error.ToString());
        error.ToString().ReplaceLineEndings("\n").Should().Be($"error: cancelled: no file was written, and {PathOf("rows.csv")} and its manifest are as they were\n");
        Directory.GetFiles(Folder).ToDictionary(f => f, File.ReadAllBytes).Should().BeEquivalentTo(before);
    }
}
