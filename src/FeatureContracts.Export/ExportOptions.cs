using System;
using FeatureContracts.Export.Sharding;
using NodaTime;

namespace FeatureContracts.Export;

/// <summary>Progress of a running export.</summary>
/// <param name="Phase"><c>reading</c> while events and points are read and partitioned, <c>building</c> while rows are built.</param>
/// <param name="Done">Units done in this phase: lines read, or partitions built.</param>
/// <param name="Total">Units in this phase, where known (partitions); otherwise <see langword="null"/>.</param>
/// <param name="RowsExported">Rows written so far.</param>
public sealed record ExportProgress(string Phase, long Done, long? Total, long RowsExported);

/// <summary>How to run an export.</summary>
public sealed record ExportOptions
{
    /// <summary>
    /// The snapshot instant S: only events recorded at or before S exist for the export, and a label is joined
    /// only if known by S. Take it from the caller's clock (<c>clock.GetCurrentInstant()</c>) or pin it to reproduce
    /// an earlier export byte for byte.
    /// </summary>
    public required Instant Snapshot { get; init; }

    /// <summary>The shard to export; the whole export by default.</summary>
    public ShardSpec Shard { get; init; } = ShardSpec.Single;

    /// <summary>
    /// How many spill partitions to use; 0 (the default) chooses one per <see cref="PartitionBytes"/> of event
    /// input (at least 1), so memory stays bounded whatever the number of entities. The output does not depend on it.
    /// </summary>
    public int Partitions { get; init; }

    /// <summary>
    /// Target input bytes per spill partition when <see cref="Partitions"/> is 0; 16 MiB by default. A partition's
    /// histories take several times its input bytes in memory, so this bounds the export's memory.
    /// </summary>
    public long PartitionBytes { get; init; } = 16L << 20;

    /// <summary>Where spill files go; the system's temporary folder by default. They are deleted when the export ends.</summary>
    public string? TemporaryDirectory { get; init; }

    /// <summary>Receives progress reports.</summary>
    public IProgress<ExportProgress>? Progress { get; init; }

    /// <summary>
    /// Options whose snapshot is the current instant of the caller's <paramref name="clock"/>: the export as known
    /// now. Record <see cref="Snapshot"/> (the manifest does) to reproduce it later.
    /// </summary>
    public static ExportOptions AsKnownNow(IClock clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return new ExportOptions { Snapshot = clock.GetCurrentInstant() };
    }
}
