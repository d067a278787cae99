using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using FeatureContracts.Export.IO;

namespace FeatureContracts.Export;

/// <summary>One problem with an export's files: the file it concerns and what is wrong.</summary>
/// <param name="Path">The file (or, for a problem of several shards together, <c>shards</c>).</param>
/// <param name="Description">What is wrong, in one line.</param>
public sealed record ExportProblem(string Path, string Description)
{
    /// <summary>The problem as one line: <c>{path}: {description}</c>.</summary>
    public override string ToString() => $"{Path}: {Description}";
}

/// <summary>What <see cref="ExportVerifier"/> found: every problem, and the manifests it could read.</summary>
public sealed class ExportVerification
{
    internal ExportVerification(IReadOnlyList<string> outputs, IReadOnlyList<ExportManifest> manifests, IReadOnlyList<ExportProblem> problems, IReadOnlyList<string> leftovers)
    {
        Outputs = outputs;
        Manifests = manifests;
        Problems = problems;
        Leftovers = leftovers;
    }

    /// <summary>The rows files verified, as full paths, in the order given.</summary>
    public IReadOnlyList<string> Outputs { get; }

    /// <summary>The manifests read, one per rows file whose manifest could be read, in the same order.</summary>
    public IReadOnlyList<ExportManifest> Manifests { get; }

    /// <summary>Every problem found, in the order found; empty when the set is complete and consistent.</summary>
    public IReadOnlyList<ExportProblem> Problems { get; }

    /// <summary>
    /// Temporary files beside the outputs that killed exports left behind. They do not make a set incomplete (they
    /// are not part of it); the next export to the same path removes them.
    /// </summary>
    public IReadOnlyList<string> Leftovers { get; }

    /// <summary>Whether every set is complete and consistent: no problem found.</summary>
    public bool IsComplete => Problems.Count == 0;
}

/// <summary>
/// Tells whether the files of an export (<see cref="TrainingExporter.ExportToFileAsync"/>) are a complete, consistent
/// set: the manifest is there and readable, every file it names — the rows and the rejects of each output — is there
/// with the length and SHA-256 it names, the rows file it describes is the one asked about, and its counts reconcile.
/// A missing manifest means the export did not complete (it is written last); a manifest that does not match its
/// files means they are not the files it describes (e.g. rows of one run beside the manifest of another).
/// </summary>
public static class ExportVerifier
{
    /// <summary>Verifies the export whose rows file is <paramref name="outputPath"/>.</summary>
    /// <param name="outputPath">The rows file, as given to the export (<c>--out</c>); its manifest is beside it.</param>
    public static ExportVerification Verify(string outputPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputPath);
        return Verify([outputPath]);
    }

    /// <summary>
    /// Verifies each export of <paramref name="outputPaths"/> and, when there are several, that they are the N distinct
    /// shards of one export (as <see cref="ExportManifest.Merge"/> requires).
    /// </summary>
    /// <param name="outputPaths">The rows files, e.g. of every shard.</param>
    public static ExportVerification Verify(IReadOnlyList<string> outputPaths)
    {
        ArgumentNullException.ThrowIfNull(outputPaths);
        if (outputPaths.Count == 0)
        {
            throw new ArgumentException("Give at least one output path.", nameof(outputPaths));
        }

        var outputs = new List<string>();
        var manifests = new List<ExportManifest>();
        var problems = new List<ExportProblem>();
        var leftovers = new List<string>();
        foreach (string path in outputPaths)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(path, nameof(outputPaths));
            string full = Path.GetFullPath(path);
            outputs.Add(full);
            if (VerifyOne(full, problems) is { } manifest)
            {
                manifests.Add(manifest);
            }

            leftovers.AddRange(new[] { full, ExportFiles.RejectsPath(full), ExportFiles.ManifestPath(full) }.SelectMany(AtomicFile.Leftovers));
        }

        if (outputs.Count > 1 && manifests.Count == outputs.Count)
        {
            try
            {
                ExportManifest.Merge(manifests);
            }
            catch (ArgumentException e)
            {
                problems.Add(new ExportProblem("shards", e.Message.Split(" (Parameter", 2)[0]));
            }
        }

        return new ExportVerification(outputs, manifests, problems, leftovers);
    }

    private static ExportManifest? VerifyOne(string output, List<ExportProblem> problems)
    {
        string manifestPath = ExportFiles.ManifestPath(output);
        string folder = Path.GetDirectoryName(output)!;
        if (!File.Exists(manifestPath))
        {
            string[] present = [.. new[] { output, ExportFiles.RejectsPath(output) }.Where(p => File.Exists(p) || Directory.Exists(p)).Select(Path.GetFileName)!];
            problems.Add(Directory.Exists(manifestPath)
                ? new ExportProblem(manifestPath, "is a folder, not a manifest")
                : present.Length > 0
                    ? new ExportProblem(manifestPath, $"missing, so {string.Join(" and ", present)} are not a complete export (an export to this path did not finish)")
                    : new ExportProblem(output, "no export here: neither the rows file nor its manifest exists"));
            return null;
        }

        ExportManifest manifest;
        try
        {
            manifest = ExportManifest.FromJson(File.ReadAllText(manifestPath));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            problems.Add(new ExportProblem(manifestPath, $"cannot be read: {OneLine(e.Message)}"));
            return null;
        }

        if (manifest.FormatVersion != ExportManifest.CurrentFormatVersion)
        {
            problems.Add(new ExportProblem(manifestPath, $"manifest format {manifest.FormatVersion}; only format {ExportManifest.CurrentFormatVersion} names the length and digest of every file it describes: export again to verify"));
            return manifest;
        }

        string name = Path.GetFileName(output);
        if (manifest.Outputs is not { Count: > 0 } outputs)
        {
            problems.Add(new ExportProblem(manifestPath, "names no output file"));
            return manifest;
        }

        if (!outputs.Any(o => string.Equals(o?.File, name, StringComparison.Ordinal)))
        {
            problems.Add(new ExportProblem(manifestPath, $"describes {string.Join(", ", outputs.Select(o => o?.File))}, not {name}"));
        }

        foreach (OutputFile? described in outputs)
        {
            if (described?.File is null || described.Sha256 is null)
            {
                problems.Add(new ExportProblem(manifestPath, "names an output without its file name or digest"));
                continue;
            }

            Check(folder, new FileDigest(described.File, described.Bytes, described.Sha256), manifestPath, problems);
            if (described.Rejects is not { File: not null, Sha256: not null } rejects)
            {
                problems.Add(new ExportProblem(manifestPath, $"names no rejects file for {described.File}"));
            }
            else
            {
                Check(folder, rejects, manifestPath, problems);
            }
        }

        Reconcile(manifest, manifestPath, problems);
        return manifest;
    }

    /// <summary>Checks that the file <paramref name="described"/> names is in <paramref name="folder"/> with its length and digest.</summary>
    private static void Check(string folder, FileDigest described, string manifestPath, List<ExportProblem> problems)
    {
        if (!string.Equals(Path.GetFileName(described.File), described.File, StringComparison.Ordinal) || described.File is "." or "..")
        {
            problems.Add(new ExportProblem(manifestPath, $"names '{described.File}', which is not a file name in its folder"));
            return;
        }

        string path = Path.Combine(folder, described.File);
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                problems.Add(new ExportProblem(path, Directory.Exists(path) ? "is a folder; the manifest names a file" : "missing; the manifest names it"));
                return;
            }

            if (info.Length != described.Bytes)
            {
                problems.Add(new ExportProblem(path, $"{info.Length} bytes; the manifest says {described.Bytes}: not the file it describes"));
                return;
            }

            using FileStream file = File.OpenRead(path);
            string sha256 = Convert.ToHexStringLower(SHA256.HashData(file));
            if (!string.Equals(sha256, described.Sha256, StringComparison.Ordinal))
            {
                problems.Add(new ExportProblem(path, $"SHA-256 {sha256}; the manifest says {described.Sha256}: not the file it describes"));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add(new ExportProblem(path, $"cannot be read: {OneLine(e.Message)}"));
        }
    }

    private static void Reconcile(ExportManifest manifest, string manifestPath, List<ExportProblem> problems)
    {
        void Require(bool holds, string what)
        {
            if (!holds)
            {
                problems.Add(new ExportProblem(manifestPath, what));
            }
        }

        PointCounts? points = manifest.Points;
        EventCounts? events = manifest.Events;
        if (points?.Rejected is null || events?.Rejected is null)
        {
            problems.Add(new ExportProblem(manifestPath, "lacks its point or event counts"));
            return;
        }

        long rows = manifest.Outputs.Sum(o => o?.Rows ?? 0);
        long pointsRejected = points.Rejected.Values.Sum();
        long linesRejected = events.Rejected.Values.Sum();
        Require(rows == points.Exported, $"its outputs hold {rows} rows, its point counts say {points.Exported} were exported");
        Require(points.Read == points.Exported + points.Immature + pointsRejected, $"point counts do not add up: {points.Read} read, {points.Exported} exported + {points.Immature} immature + {pointsRejected} rejected");
        Require(events.LinesRead == events.Accepted + linesRejected, $"event counts do not add up: {events.LinesRead} lines read, {events.Accepted} accepted + {linesRejected} rejected");
        Require(events.Accepted == events.Used + events.RecordedAfterSnapshot, $"event counts do not add up: {events.Accepted} accepted, {events.Used} used + {events.RecordedAfterSnapshot} recorded after the snapshot");
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
}
