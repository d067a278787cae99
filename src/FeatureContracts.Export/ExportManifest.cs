using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FeatureContracts.Export;

/// <summary>The contract an export followed.</summary>
/// <param name="Name">The contract's name.</param>
/// <param name="Version">The contract's version.</param>
/// <param name="Fingerprint">The contract's fingerprint.</param>
public sealed record ContractIdentity(string Name, int Version, string Fingerprint);

/// <summary>The shard of an export.</summary>
/// <param name="Index">K, from 0.</param>
/// <param name="Count">N.</param>
public sealed record ShardIdentity(int Index, int Count);

/// <summary>The digest of one input.</summary>
/// <param name="Role"><c>events</c> or <c>points</c>.</param>
/// <param name="Name">The file name or source name.</param>
/// <param name="DigestOf"><c>file</c> when the digest is of the file's bytes; <c>canonical</c> when it is of the
/// canonical JSON Lines form of an in-memory source; <c>none</c> for a schedule.</param>
/// <param name="Sha256">The SHA-256, lower-case hex; empty for a schedule.</param>
public sealed record InputDigest(string Role, string Name, string DigestOf, string Sha256);

/// <summary>A file as a manifest names it: enough to tell whether the file beside the manifest is the one it describes.</summary>
/// <param name="File">The file name, in the manifest's folder.</param>
/// <param name="Bytes">The file's length in bytes.</param>
/// <param name="Sha256">SHA-256 of the file's bytes, lower-case hex.</param>
public sealed record FileDigest(string File, long Bytes, string Sha256);

/// <summary>One output of an export (of one shard): its rows file and its rejects file.</summary>
/// <param name="File">The rows file's name.</param>
/// <param name="Format"><c>csv</c>, <c>jsonl</c> or <c>parquet</c>.</param>
/// <param name="Rows">Rows written.</param>
/// <param name="Sha256">SHA-256 of the rows file's bytes, lower-case hex.</param>
/// <param name="Bytes">The rows file's length in bytes.</param>
/// <param name="Rejects">The rejects file written with it (<c>{file}.rejects.jsonl</c>).</param>
public sealed record OutputFile(string File, string Format, long Rows, string Sha256, long Bytes, FileDigest Rejects);

/// <summary>
/// What happened to the event input. These counts describe the whole input, whatever the shard: every shard
/// reads every line, and merged manifests keep them as they are. They reconcile:
/// <c>lines_read = accepted + rejected</c> and <c>accepted = used + recorded_after_snapshot</c>.
/// </summary>
/// <param name="LinesRead">Lines (or events) read.</param>
/// <param name="Accepted">Usable events.</param>
/// <param name="Rejected">Unusable lines by reason code.</param>
/// <param name="RecordedAfterSnapshot">Usable events recorded after the snapshot: they do not exist for this export.</param>
/// <param name="Used">Usable events recorded at or before the snapshot.</param>
public sealed record EventCounts(long LinesRead, long Accepted, SortedDictionary<string, long> Rejected, long RecordedAfterSnapshot, long Used);

/// <summary>
/// What happened to the prediction points of this shard. They reconcile: <c>read = exported + immature + rejected</c>.
/// Unusable lines of a points file are counted (and reported) by shard 0 only, so shard manifests add up.
/// </summary>
/// <param name="Read">Points (and unusable point lines) counted by this shard.</param>
/// <param name="Exported">Rows written.</param>
/// <param name="Immature">Rows whose label was not yet known at the snapshot: counted, not exported.</param>
/// <param name="Rejected">Points without a row, by reason (<c>code</c> or <c>code:feature</c>).</param>
public sealed record PointCounts(long Read, long Exported, long Immature, SortedDictionary<string, long> Rejected);

/// <summary>
/// The record written beside every export, and written last: what was exported under which contract, as known at which snapshot,
/// from which inputs, with which outcome for every line and point, and the statistics that monitoring compares
/// serving traffic against. Deterministic: the same inputs give the same bytes.
/// </summary>
/// <param name="FormatVersion">The manifest format's version.</param>
/// <param name="Contract">The contract followed.</param>
/// <param name="TransformVersion">The transform code's version.</param>
/// <param name="Snapshot">The snapshot instant S, ISO-8601 UTC.</param>
/// <param name="Shard">The shard; 0/1 for a whole export.</param>
/// <param name="Inputs">The inputs' digests.</param>
/// <param name="Outputs">The output files with their lengths and digests, in shard order: the files this manifest
/// vouches for (<see cref="ExportVerifier"/> checks them).</param>
/// <param name="Events">Counts of the event input.</param>
/// <param name="Points">Counts of the prediction points.</param>
/// <param name="Statistics">Per-feature and label statistics of the exported rows.</param>
public sealed record ExportManifest(
    int FormatVersion,
    ContractIdentity Contract,
    string TransformVersion,
    string Snapshot,
    ShardIdentity Shard,
    IReadOnlyList<InputDigest> Inputs,
    IReadOnlyList<OutputFile> Outputs,
    EventCounts Events,
    PointCounts Points,
    Statistics.StatisticsSnapshot Statistics)
{
    /// <summary>
    /// The current manifest format version: 2 names the length and digest of the rows and of the rejects file of
    /// every output (1 named only the rows' digest).
    /// </summary>
    public const int CurrentFormatVersion = 2;

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.Strict,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Writes the manifest as indented JSON with a final newline.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions).ReplaceLineEndings("\n") + "\n";

    /// <summary>Reads a manifest written by <see cref="ToJson"/>.</summary>
    /// <exception cref="InvalidDataException">The text is not a manifest.</exception>
    public static ExportManifest FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<ExportManifest>(json, JsonOptions) ?? throw new InvalidDataException("The manifest is null.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Not an export manifest: {e.Message}", e);
        }
    }

    /// <summary>
    /// Merges the manifests of the N shards of one export into the manifest of the whole: point counts and
    /// statistics add up, event counts (which describe the whole input in every shard) must agree, outputs are
    /// listed in shard order.
    /// </summary>
    /// <exception cref="ArgumentException">The manifests are not the N distinct shards of one export.</exception>
    public static ExportManifest Merge(IEnumerable<ExportManifest> shards)
    {
        ArgumentNullException.ThrowIfNull(shards);
        ExportManifest[] parts = [.. shards.OrderBy(s => s.Shard.Index)];
        if (parts.Length == 0)
        {
            throw new ArgumentException("There is no manifest to merge.", nameof(shards));
        }

        ExportManifest first = parts[0];
        int count = first.Shard.Count;
        if (parts.Length != count || parts.Select((p, i) => p.Shard.Index == i && p.Shard.Count == count).Any(ok => !ok))
        {
            throw new ArgumentException(
                $"Expected the {count} shards 0..{count - 1} of one export, got {string.Join(", ", parts.Select(p => $"{p.Shard.Index}/{p.Shard.Count}"))}.", nameof(shards));
        }

        foreach (ExportManifest part in parts.Skip(1))
        {
            Require(part.Contract == first.Contract, "contract", part);
            Require(part.TransformVersion == first.TransformVersion, "transform version", part);
            Require(part.Snapshot == first.Snapshot, "snapshot", part);
            Require(part.Inputs.SequenceEqual(first.Inputs), "inputs", part);
            Require(SameEvents(part.Events, first.Events), "event counts", part);
        }

        var rejected = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (reason, n) in parts.SelectMany(p => p.Points.Rejected))
        {
            rejected[reason] = rejected.GetValueOrDefault(reason) + n;
        }

        var points = new PointCounts(
            parts.Sum(p => p.Points.Read), parts.Sum(p => p.Points.Exported), parts.Sum(p => p.Points.Immature), rejected);
        Statistics.StatisticsSnapshot statistics = parts.Skip(1).Aggregate(first.Statistics, (acc, p) => acc.Merge(p.Statistics));
        return first with
        {
            Shard = new ShardIdentity(0, 1),
            Outputs = [.. parts.SelectMany(p => p.Outputs)],
            Points = points,
            Statistics = statistics,
        };
    }

    private static bool SameEvents(EventCounts a, EventCounts b)
        => a.LinesRead == b.LinesRead && a.Accepted == b.Accepted && a.RecordedAfterSnapshot == b.RecordedAfterSnapshot
            && a.Used == b.Used && a.Rejected.SequenceEqual(b.Rejected);

    private static void Require(bool condition, string what, ExportManifest part)
    {
        if (!condition)
        {
            throw new ArgumentException($"Shard {part.Shard.Index}/{part.Shard.Count} differs from shard 0 in its {what}; these are not shards of one export.");
        }
    }
}
