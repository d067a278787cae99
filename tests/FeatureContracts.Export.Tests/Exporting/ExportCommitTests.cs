using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using FeatureContracts.Domains;
using FeatureContracts.Export.Exporting;
using FeatureContracts.Export.IO;
using FeatureContracts.Export.Points;
using FeatureContracts.Export.Sharding;
using FeatureContracts.Export.Sinks;
using FeatureContracts.Rows;
using FeatureContracts.Shipments;
using NodaTime;

namespace FeatureContracts.Export.Tests;

/// <summary>
/// The rows, rejects and manifest of an export committed as one unit; <see cref="ExportVerifier"/>, which tells a
/// complete, consistent set from anything else; cancellation, failures before the work, and the removal of what
/// killed runs leave behind (and of nothing a live run owns).
/// </summary>
public sealed class ExportCommitTests : IDisposable
{
    private static readonly Instant Snapshot = Instant.FromUtc(2026, 5, 6, 12, 0);
    private readonly string _folder = Directory.CreateTempSubdirectory("fc-commit-tests-").FullName;
    private readonly ExportScenario _scenario = new(orders: 150, seed: 7);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    private string Spill => PathOf("spill");

    private Task<ExportManifest> Export(string name, Instant? snapshot = null, ShardSpec? shard = null, Func<Stream, IRowSink>? sink = null, int partitions = 0, CancellationToken cancellationToken = default)
        => new TrainingExporter(ShipmentTransform.LateDeliveryV1).ExportToFileAsync(
            EventSource.FromEvents(_scenario.Events),
            PointSource.FromPoints(_scenario.Points),
            PathOf(name),
            sink ?? (s => new CsvRowSink(s)),
            new ExportOptions { Snapshot = snapshot ?? Snapshot, Shard = shard ?? ShardSpec.Single, Partitions = partitions, TemporaryDirectory = Spill },
            cancellationToken);

    private static string Sha256Of(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private string[] Files() => [.. Directory.GetFiles(_folder).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    private Dictionary<string, byte[]> Contents() => Directory.GetFiles(_folder).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);

    // ---- the manifest names every file of the set ----------------------------------------------------------------

    [Fact]
    public async Task The_manifest_names_the_length_and_sha256_of_the_rows_and_of_the_rejects()
    {
        ExportManifest manifest = await Export("rows.csv");

        string rows = PathOf("rows.csv");
        string rejects = PathOf("rows.csv.rejects.jsonl");
        new FileInfo(rejects).Length.Should().BeGreaterThan(0, "the scenario's points include rejected ones");
        OutputFile output = manifest.Outputs.Should().ContainSingle().Subject;
        output.Should().Be(new OutputFile(
            "rows.csv", "csv", manifest.Points.Exported, Sha256Of(rows), new FileInfo(rows).Length,
            new FileDigest("rows.csv.rejects.jsonl", new FileInfo(rejects).Length, Sha256Of(rejects))));
        ExportManifest.FromJson(File.ReadAllText(PathOf("rows.csv.manifest.json"))).Should().BeEquivalentTo(manifest);
        manifest.FormatVersion.Should().Be(2);
        Files().Should().Equal("rows.csv", "rows.csv.manifest.json", "rows.csv.rejects.jsonl");
    }

    [Fact]
    public async Task A_fresh_export_verifies_complete()
    {
        ExportManifest manifest = await Export("rows.csv");

        ExportVerification verification = ExportVerifier.Verify(PathOf("rows.csv"));

        verification.Problems.Should().BeEmpty();
        verification.IsComplete.Should().BeTrue();
        verification.Outputs.Should().Equal(PathOf("rows.csv"));
        verification.Manifests.Should().ContainSingle().Which.Should().BeEquivalentTo(manifest);
        verification.Leftovers.Should().BeEmpty();
    }

    // ---- the verifier: anything but a complete, consistent set is a problem naming its file -----------------------

    [Fact]
    public async Task Rows_of_another_run_beside_the_manifest_are_found_by_their_digest()
    {
        await Export("a.csv");
        await Export("b.csv", snapshot: Snapshot - Duration.FromDays(1));
        File.ReadAllBytes(PathOf("b.csv")).Should().NotEqual(File.ReadAllBytes(PathOf("a.csv")), "the two runs must differ for this test to mean anything");

        File.Copy(PathOf("b.csv"), PathOf("a.csv"), overwrite: true);

        ExportProblem problem = ExportVerifier.Verify(PathOf("a.csv")).Problems.Should().ContainSingle().Subject;
        problem.Path.Should().Be(PathOf("a.csv"));
        problem.Description.Should().Contain("the manifest says").And.Contain("not the file it describes");
    }

    [Fact]
    public async Task Rejects_of_another_run_beside_the_manifest_are_found_by_their_digest()
    {
        await Export("a.csv");
        await Export("b.csv", snapshot: Snapshot - Duration.FromDays(1));
        File.ReadAllBytes(PathOf("b.csv.rejects.jsonl")).Should().NotEqual(File.ReadAllBytes(PathOf("a.csv.rejects.jsonl")));

        File.Copy(PathOf("b.csv.rejects.jsonl"), PathOf("a.csv.rejects.jsonl"), overwrite: true);

        ExportVerifier.Verify(PathOf("a.csv")).Problems.Should().ContainSingle().Which.Path.Should().Be(PathOf("a.csv.rejects.jsonl"));
    }

    [Fact]
    public async Task A_rows_file_changed_in_place_with_its_length_kept_is_found_by_its_digest()
    {
        await Export("rows.csv");
        byte[] bytes = File.ReadAllBytes(PathOf("rows.csv"));
        bytes[^3] = bytes[^3] == (byte)'1' ? (byte)'0' : (byte)'1';
        File.WriteAllBytes(PathOf("rows.csv"), bytes);

        ExportVerifier.Verify(PathOf("rows.csv")).Problems.Should().ContainSingle().Which.Description.Should().StartWith("SHA-256 ");
    }

    [Fact]
    public async Task Rows_without_their_manifest_are_an_incomplete_set_and_no_files_are_no_export()
    {
        await Export("rows.csv");
        File.Delete(PathOf("rows.csv.manifest.json"));

        ExportProblem missing = ExportVerifier.Verify(PathOf("rows.csv")).Problems.Should().ContainSingle().Subject;
        missing.Path.Should().Be(PathOf("rows.csv.manifest.json"));
        missing.Description.Should().Contain("missing").And.Contain("rows.csv and rows.csv.rejects.jsonl are not a complete export");

        ExportProblem nothing = ExportVerifier.Verify(PathOf("other.csv")).Problems.Should().ContainSingle().Subject;
        nothing.Path.Should().Be(PathOf("other.csv"));
        nothing.Description.Should().Contain("no export here");
    }

    [Fact]
    public async Task A_manifest_beside_rows_of_another_name_says_which_file_it_describes()
    {
        await Export("a.csv");
        File.Move(PathOf("a.csv"), PathOf("c.csv"));
        File.Move(PathOf("a.csv.manifest.json"), PathOf("c.csv.manifest.json"));

        IReadOnlyList<ExportProblem> problems = ExportVerifier.Verify(PathOf("c.csv")).Problems;

        problems.Should().HaveCount(2);
        problems[0].Should().Be(new ExportProblem(PathOf("c.csv.manifest.json"), "describes a.csv, not c.csv"));
        problems[1].Should().Be(new ExportProblem(PathOf("a.csv"), "missing; the manifest names it"));
    }

    [Fact]
    public async Task A_manifest_whose_counts_do_not_reconcile_is_a_problem()
    {
        ExportManifest manifest = await Export("rows.csv");
        File.WriteAllText(PathOf("rows.csv.manifest.json"), (manifest with { Points = manifest.Points with { Immature = manifest.Points.Immature + 1 } }).ToJson());

        ExportVerifier.Verify(PathOf("rows.csv")).Problems.Should().ContainSingle().Which.Description.Should().StartWith("point counts do not add up");
    }

    [Fact]
    public async Task A_manifest_of_the_first_format_cannot_vouch_for_its_rejects()
    {
        ExportManifest manifest = await Export("rows.csv");
        File.WriteAllText(PathOf("rows.csv.manifest.json"), (manifest with { FormatVersion = 1 }).ToJson());

        ExportVerifier.Verify(PathOf("rows.csv")).Problems.Should().ContainSingle().Which.Description.Should().StartWith("manifest format 1;");
    }

    [Fact]
    public async Task The_shards_of_one_export_verify_together_and_a_tampered_or_missing_shard_is_named()
    {
        string[] shards = [PathOf("part-0.csv"), PathOf("part-1.csv"), PathOf("part-2.csv")];
        for (int k = 0; k < shards.Length; k++)
        {
            await Export(Path.GetFileName(shards[k]), shard: new ShardSpec(k, 3));
        }

        ExportVerifier.Verify(shards).Problems.Should().BeEmpty();
        ExportVerifier.Verify(shards[1]).IsComplete.Should().BeTrue("one shard's own files are a complete set");

        ExportVerifier.Verify([shards[0], shards[2]]).Problems.Should().ContainSingle()
            .Which.Should().Match<ExportProblem>(p => p.Path == "shards" && p.Description.Contains("shards 0..2", StringComparison.Ordinal));

        File.AppendAllText(PathOf("part-1.csv.rejects.jsonl"), "{}\n");
        ExportVerifier.Verify(shards).Problems.Should().ContainSingle().Which.Path.Should().Be(PathOf("part-1.csv.rejects.jsonl"));
    }

    // ---- cancellation and failures leave what was there as it was -------------------------------------------------

    [Fact]
    public async Task Cancelling_while_a_partition_is_built_stops_the_export_and_leaves_the_earlier_set_as_it_was()
    {
        await Export("rows.csv", snapshot: Snapshot - Duration.FromDays(1));
        Dictionary<string, byte[]> before = Contents();
        using var cancel = new CancellationTokenSource();

        // One partition: the rows are built in one go, and the export must notice the cancellation within it, not
        // once every row is written.
        CancelOnFirstRow? sink = null;
        Func<Task> export = () => Export("rows.csv", sink: s => sink = new CancelOnFirstRow(new CsvRowSink(s), cancel), partitions: 1, cancellationToken: cancel.Token);

        await export.Should().ThrowAsync<OperationCanceledException>();
        sink!.Written.Should().BeLessThanOrEqualTo(3, "the rows of the entity being built when it was cancelled, at most (three points per order)");
        Contents().Should().BeEquivalentTo(before);
        ExportVerifier.Verify(PathOf("rows.csv")).IsComplete.Should().BeTrue();
        Directory.GetFileSystemEntries(Spill).Should().BeEmpty("the spill folder is removed");
    }

    [Fact]
    public async Task An_output_path_that_is_a_folder_fails_before_any_event_is_read()
    {
        Directory.CreateDirectory(PathOf("rows.csv"));
        var events = new WatchedEvents(_scenario.Events);

        Func<Task> export = () => new TrainingExporter(ShipmentTransform.LateDeliveryV1).ExportToFileAsync(
            EventSource.FromEvents(events), PointSource.FromPoints(_scenario.Points), PathOf("rows.csv"), s => new CsvRowSink(s), new ExportOptions { Snapshot = Snapshot, TemporaryDirectory = Spill });

        (await export.Should().ThrowAsync<IOException>()).Which.Message.Should().Be($"Cannot write {PathOf("rows.csv")}: it is a folder.");
        events.Enumerated.Should().BeFalse("the output path is checked before the work starts");
        Files().Should().BeEmpty();
    }

    [Fact]
    public async Task An_output_folder_under_a_file_fails_before_any_event_is_read_naming_the_file()
    {
        File.WriteAllText(PathOf("plain"), "x");
        var events = new WatchedEvents(_scenario.Events);

        Func<Task> export = () => new TrainingExporter(ShipmentTransform.LateDeliveryV1).ExportToFileAsync(
            EventSource.FromEvents(events), PointSource.FromPoints(_scenario.Points), PathOf("plain/rows.csv"), s => new CsvRowSink(s), new ExportOptions { Snapshot = Snapshot, TemporaryDirectory = Spill });

        (await export.Should().ThrowAsync<IOException>()).Which.Message.Should().Be($"Cannot write {PathOf("plain/rows.csv")}: {PathOf("plain")} is a file, not a folder.");
        events.Enumerated.Should().BeFalse();
    }

    // ---- what killed runs leave behind is removed, and nothing of a run that may still run ------------------------

    [SkippableFact]
    public async Task An_export_removes_the_spill_folders_and_temporary_files_of_runs_that_ended_and_nothing_a_running_one_owns()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "process start times are read from /proc here; other systems use Process.StartTime");
        string dead = EndedProcessOwner();
        string reused = $"{Environment.ProcessId}-1";
        string live = RunOwner.Current;
        Directory.CreateDirectory(Spill);

        string deadSpill = SpillFolderOf(dead, bytes: 1 << 20);
        string reusedSpill = SpillFolderOf(reused, bytes: 1000);
        string liveSpill = SpillFolderOf(live, bytes: 1000);
        string lockedSpill = SpillFolderOf(dead, bytes: 1000);
        string legacySpill = Path.Combine(Spill, SpillFolder.Prefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(legacySpill);
        string deadTemporary = TemporaryOf("rows.csv", dead);
        string deadRejects = TemporaryOf("rows.csv.rejects.jsonl", dead);
        string liveTemporary = TemporaryOf("rows.csv", live);
        string otherName = TemporaryOf("other.csv", dead);

        // A lock held on a dead-looking owner's folder: its owner runs where its process id means another process
        // (another PID namespace sharing the folder), so it must stay.
        using (new FileStream(Path.Combine(lockedSpill, SpillFolder.LockFile), FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            await Export("rows.csv");
        }

        Directory.Exists(deadSpill).Should().BeFalse("its owner ended");
        Directory.Exists(reusedSpill).Should().BeFalse("its process id now names another process, started later");
        File.Exists(deadTemporary).Should().BeFalse();
        File.Exists(deadRejects).Should().BeFalse();
        Directory.Exists(liveSpill).Should().BeTrue("its owner runs");
        Directory.Exists(lockedSpill).Should().BeTrue("its lock file is locked");
        Directory.Exists(legacySpill).Should().BeTrue("its name names no owner");
        File.Exists(liveTemporary).Should().BeTrue("its owner runs");
        File.Exists(otherName).Should().BeTrue("it belongs to another output");
        ExportVerifier.Verify(PathOf("rows.csv")).IsComplete.Should().BeTrue();
    }

    [SkippableFact]
    public void Verify_reports_leftovers_of_ended_runs_beside_a_set_without_counting_them_as_problems()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "process start times are read from /proc here");
        string leftover = TemporaryOf("rows.csv", EndedProcessOwner());
        File.WriteAllText(PathOf("rows.csv"), "x");

        ExportVerification verification = ExportVerifier.Verify(PathOf("rows.csv"));

        verification.Leftovers.Should().Equal(leftover);
        verification.Problems.Should().ContainSingle().Which.Path.Should().Be(PathOf("rows.csv.manifest.json"));
    }

    [SkippableFact]
    public void A_process_that_ended_is_not_running_and_the_current_one_is()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "process start times are read from /proc here");

        RunOwner.MayBeRunning(RunOwner.Current).Should().BeTrue();
        RunOwner.MayBeRunning(EndedProcessOwner()).Should().BeFalse();
        RunOwner.MayBeRunning($"{Environment.ProcessId}-1").Should().BeFalse("the same process id with another start is another process");
        RunOwner.MayBeRunning("not-an-owner").Should().BeTrue("what cannot be decided counts as running");
        RunOwner.MayBeRunning("123-0").Should().BeTrue("an owner whose start could not be read counts as running");
    }

    /// <summary>The owner text of a real process that was started, and has ended (and been reaped).</summary>
    private static string EndedProcessOwner()
    {
        using Process sleeper = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
        string owner = RunOwner.Describe(sleeper.Id)!;
        owner.Should().NotBeNull();
        sleeper.Kill();
        sleeper.WaitForExit();
        return owner;
    }

    private string SpillFolderOf(string owner, int bytes)
    {
        string folder = Path.Combine(Spill, $"{SpillFolder.Prefix}{owner}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, SpillFolder.LockFile), []);
        File.WriteAllBytes(Path.Combine(folder, "events-0000.jsonl"), new byte[bytes]);
        return folder;
    }

    private string TemporaryOf(string name, string owner)
    {
        string path = PathOf($".{name}.{owner}.{Guid.NewGuid():N}.incomplete");
        File.WriteAllText(path, "partial");
        return path;
    }

    /// <summary>A sink that cancels the export when the first row reaches it.</summary>
    private sealed class CancelOnFirstRow(IRowSink inner, CancellationTokenSource cancel) : IRowSink
    {
        public string Format => inner.Format;

        public void Begin(RowLayout layout) => inner.Begin(layout);

        public int Written { get; private set; }

        public void Write(FeatureRow row, bool label)
        {
            cancel.Cancel();
            inner.Write(row, label);
            Written++;
        }

        public void Complete() => inner.Complete();

        public void Dispose() => inner.Dispose();
    }

    /// <summary>Events whose enumeration is recorded.</summary>
    private sealed class WatchedEvents(IEnumerable<DomainEvent> events) : IEnumerable<DomainEvent>
    {
        public bool Enumerated { get; private set; }

        public IEnumerator<DomainEvent> GetEnumerator()
        {
            Enumerated = true;
            return events.GetEnumerator();
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
