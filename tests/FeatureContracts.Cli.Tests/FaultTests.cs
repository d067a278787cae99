using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using FeatureContracts.Export;
using Xunit.Abstractions;

namespace FeatureContracts.Cli.Tests;

/// <summary>
/// A generated log sizeable enough that an export runs for a while, and its uninterrupted export, made once for
/// <see cref="FaultTests"/>: the reference every interrupted run's rerun must reproduce byte for byte.
/// </summary>
public sealed class FaultFixture : IDisposable
{
    /// <summary>The snapshot of the runs under test.</summary>
    public const string Snapshot = "2026-05-07T00:00:00Z";

    /// <summary>Another snapshot: the earlier set already at the output path, which other rows.</summary>
    public const string EarlierSnapshot = "2026-05-05T00:00:00Z";

    public const string Schedule = "1h,6h,24h";

    public FaultFixture()
    {
        Folder = Directory.CreateTempSubdirectory("fc-fault-").FullName;
        Log = TestLogs.WriteShipments(System.IO.Path.Combine(Folder, "events.jsonl"), orders: 4000, seed: 11).Path;
        string reference = System.IO.Path.Combine(Folder, "reference", "rows.csv");
        var clock = Stopwatch.StartNew();
        ToolRun run = ToolProcess.Run(ExportArguments(reference, Snapshot));
        Duration = clock.Elapsed;
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"The reference export failed: {run}");
        }

        Reference = SetOf(reference);
    }

    /// <summary>The fixture's folder (the log, the reference set).</summary>
    public string Folder { get; }

    /// <summary>The generated log.</summary>
    public string Log { get; }

    /// <summary>How long the uninterrupted export ran, process start to end.</summary>
    public TimeSpan Duration { get; }

    /// <summary>The reference set's files by name: rows.csv, its rejects and its manifest.</summary>
    public IReadOnlyDictionary<string, byte[]> Reference { get; }

    /// <summary>The export's arguments (spill files in the system temporary folder unless more says otherwise).</summary>
    public string[] ExportArguments(string output, string snapshot, params string[] more)
        => ["export", "--events", Log, "--schedule", Schedule, "--out", output, "--snapshot", snapshot, .. more];

    /// <summary>The files of the set at <paramref name="output"/> that exist, by name.</summary>
    public static Dictionary<string, byte[]> SetOf(string output)
        => new[] { output, output + ".rejects.jsonl", output + ".manifest.json" }
            .Where(File.Exists)
            .ToDictionary(p => System.IO.Path.GetFileName(p), File.ReadAllBytes);

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}

/// <summary>
/// The real tool as a child process, interrupted and refused: killed (SIGKILL) at seeded points of an export, cancelled
/// by SIGTERM and SIGINT, out of disk space, denied a folder. Every outcome is checked from outside, as a user would:
/// the exit code, the one line on standard error, what is left in the folders, and <see cref="ExportVerifier"/>'s
/// verdict on the set.
/// </summary>
public sealed class FaultTests : IClassFixture<FaultFixture>, IDisposable
{
    private readonly FaultFixture _fixture;
    private readonly ITestOutputHelper _report;
    private readonly string _folder;

    public FaultTests(FaultFixture fixture, ITestOutputHelper report)
    {
        _fixture = fixture;
        _report = report;
        _folder = Directory.CreateTempSubdirectory("fc-fault-test-").FullName;
        Directory.CreateDirectory(Out);
        Directory.CreateDirectory(Spill);
    }

    private string Out => Path.Combine(_folder, "out");

    private string Spill => Path.Combine(_folder, "spill");

    private string Rows => Path.Combine(Out, "rows.csv");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string[] Entries(string folder) => [.. Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    /// <summary>The bytes of the files under <paramref name="folder"/>, which a running tool may be changing.</summary>
    private static long Bytes(string folder)
    {
        long bytes = 0;
        try
        {
            foreach (string file in Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true }))
            {
                bytes += new FileInfo(file) is { Exists: true } info ? info.Length : 0;
            }
        }
        catch (DirectoryNotFoundException)
        {
            // A spill folder removed while it was counted.
        }

        return bytes;
    }

    /// <summary>An earlier, complete set at the output path: the reference set, copied (it verifies complete).</summary>
    private void PlaceEarlierSet()
    {
        foreach ((string name, byte[] bytes) in _fixture.Reference)
        {
            File.WriteAllBytes(Path.Combine(Out, name), bytes);
        }
    }

    /// <summary>Nothing on standard error reads like a stack trace or an unhandled exception.</summary>
    private static void NoStackTrace(ToolRun run)
    {
        run.ErrorLines.Should().NotContain(l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal), run.ToString());
        run.Error.Should().NotContain("Unhandled exception", run.ToString());
    }

    /// <summary>The one error line (progress lines may come before it).</summary>
    private static string ErrorLine(ToolRun run)
    {
        NoStackTrace(run);
        return run.ErrorLines.Where(l => l.StartsWith("error:", StringComparison.Ordinal)).Should().ContainSingle(run.ToString()).Subject;
    }

    // ---- (a) killed at seeded points ------------------------------------------------------------------------------

    [Fact]
    public void Killed_at_seeded_points_the_tool_leaves_no_set_or_a_complete_one_and_a_rerun_gives_the_uninterrupted_bytes()
    {
        // An earlier set of other rows at the output path: a kill must never leave new rows beside its manifest.
        ToolRun earlier = ToolProcess.Run(_fixture.ExportArguments(Rows, FaultFixture.EarlierSnapshot, "--temp", Spill));
        earlier.ExitCode.Should().Be(0, earlier.ToString());
        Dictionary<string, byte[]> earlierSet = FaultFixture.SetOf(Rows);
        earlierSet["rows.csv"].Should().NotEqual(_fixture.Reference["rows.csv"], "the earlier set must differ for this test to mean anything");

        var random = new Random(20260601);
        TimeSpan run = _fixture.Duration;
        var outcomes = new List<string>();
        long largestSpill = 0;
        const int SeededKills = 6;
        for (int k = 0; k <= SeededKills; k++)
        {
            if (k == SeededKills)
            {
                // The last kill aims at the commit's window, so there must be a manifest for it to remove: the earlier
                // set is put back.
                foreach ((string name, byte[] bytes) in earlierSet)
                {
                    File.WriteAllBytes(Path.Combine(Out, name), bytes);
                }
            }

            using ToolProcess tool = ToolProcess.Start(_fixture.ExportArguments(Rows, FaultFixture.Snapshot, "--temp", Spill));
            string point;
            if (k < SeededKills)
            {
                // Seeded delays over the whole run, from its first tenth to just past its end.
                TimeSpan delay = run * (0.1 + (random.NextDouble() * 1.0));
                Thread.Sleep(delay);
                point = $"{delay.TotalSeconds:0.00}s";
            }
            else
            {
                // The commit's window: the moment the old manifest is gone, before the new one is in place.
                var wait = Stopwatch.StartNew();
                while (File.Exists(Rows + ".manifest.json") && !tool.HasExited && wait.Elapsed < TimeSpan.FromMinutes(2))
                {
                    Thread.Sleep(0);
                }

                point = "when the manifest disappeared";
            }

            tool.Kill();
            ToolRun killed = tool.WaitForExit();
            largestSpill = Math.Max(largestSpill, Bytes(Spill));

            // Either no manifest (an incomplete set, and verify says so), or a manifest whose files match it.
            ExportVerification verification = ExportVerifier.Verify(Rows);
            Dictionary<string, byte[]> set = FaultFixture.SetOf(Rows);
            string outcome;
            if (File.Exists(Rows + ".manifest.json"))
            {
                verification.Problems.Should().BeEmpty($"a manifest must describe the files beside it after a kill at {point}");
                outcome = set.Count == 3 && set.All(f => f.Value.AsSpan().SequenceEqual(earlierSet[f.Key])) ? "earlier set complete"
                    : set.All(f => f.Value.AsSpan().SequenceEqual(_fixture.Reference[f.Key])) ? "new set complete"
                    : throw new InvalidOperationException("A complete set that is neither the earlier nor the new one.");
            }
            else
            {
                verification.IsComplete.Should().BeFalse();
                verification.Problems.Should().ContainSingle().Which.Description.Should().StartWith("missing");
                outcome = "no manifest: incomplete";
            }

            // A run removes the spill folders of the runs killed before it: at most the last one's is left.
            Directory.GetDirectories(Spill).Should().HaveCountLessThanOrEqualTo(1);
            outcomes.Add($"kill {k} at {point} (exit {killed.ExitCode}): {outcome}; spill left {Bytes(Spill)} bytes, temporary files {Entries(Out).Count(e => e.EndsWith(".incomplete", StringComparison.Ordinal))}");
        }

        ToolRun rerun = ToolProcess.Run(_fixture.ExportArguments(Rows, FaultFixture.Snapshot, "--temp", Spill));

        rerun.ExitCode.Should().Be(0, rerun.ToString());
        FaultFixture.SetOf(Rows).Should().BeEquivalentTo(_fixture.Reference, "a rerun gives the bytes of an uninterrupted run");
        Entries(Out).Should().Equal("rows.csv", "rows.csv.manifest.json", "rows.csv.rejects.jsonl");
        Entries(Spill).Should().BeEmpty("the rerun removed what the killed runs left and its own spill folder");
        ExportVerifier.Verify(Rows).IsComplete.Should().BeTrue();
        _report.WriteLine($"uninterrupted run {run.TotalSeconds:0.00}s; largest spill folder left by a kill {largestSpill} bytes (log {new FileInfo(_fixture.Log).Length} bytes)");
        outcomes.ForEach(_report.WriteLine);
    }

    // ---- (b) SIGTERM and SIGINT -----------------------------------------------------------------------------------

    [SkippableTheory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public void A_signal_cancels_the_export_which_exits_130_and_leaves_the_earlier_set_and_nothing_else(string signal)
    {
        Skip.If(signal == "INT" && IgnoresSigint(), "this test process ignores SIGINT (it was started in the background), and its children inherit that");
        PlaceEarlierSet();
        using ToolProcess tool = ToolProcess.Start(_fixture.ExportArguments(Rows, FaultFixture.EarlierSnapshot, "--temp", Spill));

        // In the middle of the work: spill files are being written.
        var wait = Stopwatch.StartNew();
        long spilled = 0;
        while ((spilled = Bytes(Spill)) == 0 && !tool.HasExited && wait.Elapsed < TimeSpan.FromMinutes(1))
        {
            Thread.Sleep(5);
        }

        tool.Signal(signal);
        ToolRun run = tool.WaitForExit();

        run.ExitCode.Should().Be(ExitCodes.Cancelled, run.ToString());
        ErrorLine(run).Should().Be($"error: cancelled: no file was written, and {Rows} and its manifest are as they were");
        FaultFixture.SetOf(Rows).Should().BeEquivalentTo(_fixture.Reference, "the set already there is left as it was");
        Entries(Out).Should().Equal("rows.csv", "rows.csv.manifest.json", "rows.csv.rejects.jsonl");
        Entries(Spill).Should().BeEmpty("the spill folder is removed");
        _report.WriteLine($"SIG{signal} after {wait.Elapsed.TotalSeconds:0.00}s with {spilled} spill bytes: exit {run.ExitCode}");
    }

    /// <summary>Whether this process ignores SIGINT (bit 2 of SigIgn in /proc/self/status), as a background job does.</summary>
    private static bool IgnoresSigint()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        string? line = File.ReadAllLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (ulong.Parse(line["SigIgn:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture) & 2) != 0;
    }

    // ---- (c) a full disk ------------------------------------------------------------------------------------------

    [SkippableFact]
    public void A_full_disk_under_the_output_exits_5_naming_the_file_and_leaves_nothing_behind()
    {
        string full = Path.Combine(_folder, "full");
        using Mounts? tmpfs = Mounts.TryTmpfs(full, "size=64k", out string why);
        Skip.If(tmpfs is null, why);
        _fixture.Reference["rows.csv"].Length.Should().BeGreaterThan(64 << 10, "the rows must not fit for this test to mean anything");
        string rows = Path.Combine(full, "rows.csv");

        ToolRun run = ToolProcess.Run(_fixture.ExportArguments(rows, FaultFixture.Snapshot, "--temp", Spill));

        run.ExitCode.Should().Be(ExitCodes.IoFailure, run.ToString());
        ErrorLine(run).Should().MatchRegex($"^error: Cannot write {System.Text.RegularExpressions.Regex.Escape(rows)}(\\.rejects\\.jsonl)?: No space left on device\\.$");
        Entries(full).Should().BeEmpty("the temporary files are removed, even after a failing flush");
        Entries(Spill).Should().BeEmpty();
    }

    [SkippableFact]
    public void A_full_disk_under_the_spill_folder_exits_5_naming_the_temporary_folder_and_leaves_nothing_behind()
    {
        string full = Path.Combine(_folder, "full");
        using Mounts? tmpfs = Mounts.TryTmpfs(full, "size=64k", out string why);
        Skip.If(tmpfs is null, why);

        ToolRun run = ToolProcess.Run(_fixture.ExportArguments(Rows, FaultFixture.Snapshot, "--temp", full));

        run.ExitCode.Should().Be(ExitCodes.IoFailure, run.ToString());
        ErrorLine(run).Should().Be($"error: Cannot write spill files in {full}: No space left on device.");
        Entries(full).Should().BeEmpty();
        Entries(Out).Should().BeEmpty();
    }

    // ---- (d) a read-only folder -----------------------------------------------------------------------------------

    [SkippableFact]
    public void A_read_only_output_folder_exits_5_naming_the_file_before_the_export_runs()
    {
        string readOnly = Path.Combine(_folder, "read-only");
        using Mounts? folder = Mounts.TryReadOnly(readOnly, out string why);
        Skip.If(folder is null, why);
        string rows = Path.Combine(readOnly, "rows.csv");

        ToolRun run = ToolProcess.Run(_fixture.ExportArguments(rows, FaultFixture.Snapshot, "--temp", Spill));

        run.ExitCode.Should().Be(ExitCodes.IoFailure, run.ToString());
        NoStackTrace(run);
        run.ErrorLines.Should().Equal(
            [$"error: Cannot write {rows}: {(Mounts.UserId == 0 ? "Read-only file system" : "permission denied")}."],
            "the output folder is checked before the work: no progress line comes first");
        Entries(readOnly).Should().BeEmpty();
        Entries(Spill).Should().BeEmpty();
    }

    [SkippableFact]
    public void A_read_only_temporary_folder_exits_5_naming_it_and_leaves_no_output()
    {
        string readOnly = Path.Combine(_folder, "read-only");
        using Mounts? folder = Mounts.TryReadOnly(readOnly, out string why);
        Skip.If(folder is null, why);

        ToolRun run = ToolProcess.Run(_fixture.ExportArguments(Rows, FaultFixture.Snapshot, "--temp", readOnly));

        run.ExitCode.Should().Be(ExitCodes.IoFailure, run.ToString());
        NoStackTrace(run);
        run.ErrorLines.Should().Equal($"error: Cannot write spill files in {readOnly}: {(Mounts.UserId == 0 ? "Read-only file system" : "permission denied")}.");
        Entries(Out).Should().BeEmpty();
    }
}
